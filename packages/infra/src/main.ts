import { createApp } from './app';
import { readSynthSettings } from './config/settings';

try {
  createApp(readSynthSettings()).app.synth();
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
