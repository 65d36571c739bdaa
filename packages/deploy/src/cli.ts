#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerInventory } from './commands/inventory.js';
import { planCommand } from './commands/plan.js';
import { registerProvision } from './commands/provision.js';
import { registerRelease } from './commands/release.js';
import { registerRollback } from './commands/rollback.js';
import { releaseCommand as tagReleaseCommand } from './commands/tag-release.js';
import { tagsCommand } from './commands/tags.js';
import { versionCommand } from './commands/version.js';
import { addDemoCommands } from './demo/program.js';
import { DeployError, formatError } from './errors.js';

export function buildProgram(): Command {
  const program = new Command('deploy')
    .description(
      'Ship the service: build the Ansible inventory, run the provision, release and rollback playbooks, compute versions and image tags, and run the local demo.',
    )
    .showHelpAfterError('(run `deploy <command> --help` for usage)')
    .exitOverride();
  // One call per command file; each registers its own subcommand.
  registerInventory(program);
  registerProvision(program);
  registerRelease(program);
  registerRollback(program);

  const pipeline = program
    .command('pipeline')
    .description('Versions, image tags and releases for the Jenkins pipeline (docs/pipeline.md).');
  versionCommand(pipeline);
  planCommand(pipeline);
  tagsCommand(pipeline);
  tagReleaseCommand(pipeline);

  addDemoCommands(
    program
      .command('demo')
      .description(
        'The whole pipeline on this machine: local registry, four local hosts, one HAProxy per environment ' +
          '(docs/demo.md).',
      ),
  );
  return program;
}

/** The one top-level handler: errors become one line on stderr and a non-zero exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    // Commander has already printed usage errors and help.
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`${formatError(error)}\n`);
    return error instanceof DeployError ? error.exitCode : 1;
  }
}

const invokedPath = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invokedPath === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv);
}
