import * as fs from 'node:fs';
import { App } from 'cdktf';
import { readSynthSettings } from './config/settings';
import { EnvironmentStack } from './stacks/environment-stack';
import { SharedStack } from './stacks/shared-stack';

try {
  const settings = readSynthSettings();
  fs.mkdirSync(settings.outdir, { recursive: true });
  const app = new App({ outdir: settings.outdir });
  new SharedStack(app, 'shared', { settings });
  new EnvironmentStack(app, 'staging', { settings, environment: 'staging' });
  new EnvironmentStack(app, 'production', { settings, environment: 'production' });
  app.synth();
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
