#!/usr/bin/env node
import { isEntryPoint, runCli } from '@shipyard/cli-kit';
import { Command } from 'commander';
import { registerInventory } from './commands/inventory.js';
import { registerLock } from './commands/lock.js';
import { registerProvision } from './commands/provision.js';
import { registerReconcile } from './commands/reconcile.js';
import { registerRollback } from './commands/rollback.js';
import { registerRollout } from './commands/rollout.js';
import { registerStatus } from './commands/status.js';
import { packageVersion } from './paths.js';

export function buildProgram(): Command {
  const program = new Command('deploy')
    .description(
      'Ship the service to its hosts: build the Ansible inventory from the infrastructure outputs, and run the ' +
        'provision, roll-out, rollback and reconcile playbooks under a deploy lock every deployer sees (docs/deploy.md).',
    )
    .version(packageVersion);
  // One call per command file; each registers its own subcommand.
  registerInventory(program);
  registerProvision(program);
  registerRollout(program);
  registerRollback(program);
  registerStatus(program);
  registerReconcile(program);
  registerLock(program);
  return program;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await runCli(buildProgram(), process.argv);
}
