import * as fs from 'node:fs';
import { App } from 'cdktf';
import type { SynthSettings } from './config/settings';
import { EnvironmentStack } from './stacks/environment-stack';
import { SharedStack } from './stacks/shared-stack';

export interface ShipyardApp {
  readonly app: App;
  readonly shared: SharedStack;
  readonly staging: EnvironmentStack;
  readonly production: EnvironmentStack;
}

/** Builds the app's three stacks; `main.ts` synthesizes it, tests synthesize it anywhere. */
export function createApp(settings: SynthSettings, jenkinsBootstrapDir?: string): ShipyardApp {
  fs.mkdirSync(settings.outdir, { recursive: true });
  const app = new App({ outdir: settings.outdir });
  return {
    app,
    shared: new SharedStack(app, 'shared', {
      settings,
      ...(jenkinsBootstrapDir ? { jenkinsBootstrapDir } : {}),
    }),
    staging: new EnvironmentStack(app, 'staging', { settings, environment: 'staging' }),
    production: new EnvironmentStack(app, 'production', { settings, environment: 'production' }),
  };
}
