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

export interface CreateAppOptions {
  /** The folder rendered into the Jenkins user data. @default the repository's jenkins/ */
  readonly jenkinsBootstrapDir?: string | undefined;
  /** Synthesize plain Terraform HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`). @default false */
  readonly hclOutput?: boolean | undefined;
}

/** Builds the app's three stacks; `main.ts` synthesizes it, tests synthesize it anywhere. */
export function createApp(settings: SynthSettings, options: CreateAppOptions = {}): ShipyardApp {
  fs.mkdirSync(settings.outdir, { recursive: true });
  const hclOutput = options.hclOutput ?? false;
  const { jenkinsBootstrapDir } = options;
  // cdktf 0.21 takes the HCL switch from SYNTH_HCL_OUTPUT, read by App and by each stack's
  // constructor (App's own hclOutput only names the file). Set it as `cdktf synth --hcl` does,
  // for the construction only, so a value in the user's environment cannot flip a JSON synth.
  const saved = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hclOutput);
  try {
    const app = new App({ outdir: settings.outdir, hclOutput });
    return {
      app,
      shared: new SharedStack(app, 'shared', {
        settings,
        ...(jenkinsBootstrapDir ? { jenkinsBootstrapDir } : {}),
      }),
      staging: new EnvironmentStack(app, 'staging', { settings, environment: 'staging' }),
      production: new EnvironmentStack(app, 'production', { settings, environment: 'production' }),
    };
  } finally {
    if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = saved;
  }
}
