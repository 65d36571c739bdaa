import { type Command, Option } from 'commander';
import { ENVIRONMENTS } from '../environments.js';
import { DeployError } from '../errors.js';
import type { RunOptions } from '../run.js';
import { parseAddress } from '../target.js';

export interface CommonOptions extends Omit<RunOptions, 'address'> {
  env?: string;
  address?: string;
  serial?: string;
}

const increase = (_: string, previous: number) => previous + 1;

/** Where the hosts come from: shared by every command. */
export function addTargetOptions(command: Command): Command {
  return command
    .option('--env <name>', `environment: ${ENVIRONMENTS.join(' | ')}`)
    .option('--outputs <file>', 'infrastructure outputs JSON (default: outputs.json at the repository root)')
    .option(
      '--inventory <file>',
      'a hand-written Ansible inventory instead of --outputs (e.g. the local demo)',
    )
    .addOption(
      new Option(
        '--address <kind>',
        'which instance IPs to use: public (a laptop) or private (Jenkins)',
      ).default('public'),
    );
}

/** How ansible-playbook runs: shared by provision, release and rollback. */
export function addRunOptions(command: Command): Command {
  return addTargetOptions(command)
    .option('-l, --limit <pattern>', 'only these hosts (an Ansible host pattern)')
    .option('-C, --check', 'dry run: report what would change, change nothing')
    .option('-D, --diff', 'show differences in changed files')
    .option('-v, --verbose', 'more Ansible output (repeat up to -vvvv)', increase, 0);
}

/** Rolling commands also take a batch size. */
export function addSerialOption(command: Command): Command {
  return command.option('--serial <n>', 'hosts replaced at once (default 1)');
}

export function runOptions(options: CommonOptions): RunOptions {
  return {
    outputs: options.outputs,
    inventory: options.inventory,
    address: parseAddress(options.address),
    limit: options.limit,
    check: options.check,
    diff: options.diff,
    verbose: options.verbose,
  };
}

/** Hosts replaced at once; the playbooks default to 1. */
export function parseSerial(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const serial = Number(value);
  if (!Number.isInteger(serial) || serial < 1) {
    throw new DeployError(
      `--serial must be a whole number of hosts, 1 or more (got "${value}")`,
      'Omit it for one host at a time.',
    );
  }
  return serial;
}
