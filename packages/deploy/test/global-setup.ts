import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

// The CLI tests run the built `deploy` (dist/cli.js), exactly as make and Jenkins do.
export default async function setup(): Promise<void> {
  await execa('tsc', ['-b'], { cwd: fileURLToPath(new URL('..', import.meta.url)), preferLocal: true });
}
