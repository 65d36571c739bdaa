import type { Command } from 'commander';
import { readBuildFacts } from '../facts.js';
import { addRefOptions, examples, type RefOptions } from './options.js';

export function versionCommand(program: Command): void {
  const command = program
    .command('version')
    .description("print HEAD's version: X.Y.Z on a release tag, else X.Y.Z-<branch>.<commits>.g<sha>");
  examples(addRefOptions(command), ['pipeline version', 'pipeline version --branch develop']).action(
    async (opts: RefOptions) => {
      const facts = await readBuildFacts({ ...opts, cwd: process.cwd() });
      process.stdout.write(`${facts.version}\n`);
    },
  );
}
