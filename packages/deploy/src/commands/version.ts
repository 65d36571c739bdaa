import type { Command } from 'commander';
import { readBuildFacts } from '../pipeline/facts.js';

export function versionCommand(program: Command): void {
  program
    .command('version')
    .description("print HEAD's version: X.Y.Z on a release tag, else X.Y.Z-<branch>.<commits>.g<sha>")
    .option('--branch <name>', 'branch being built (default: the checked-out branch)')
    .option('--tag <name>', 'tag being built, for tag builds')
    .action(async (opts: { branch?: string; tag?: string }) => {
      const facts = await readBuildFacts({ ...opts, cwd: process.cwd() });
      process.stdout.write(`${facts.version}\n`);
    });
}
