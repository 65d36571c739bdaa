import { ENVIRONMENTS, type Environment } from '@shipyard/contracts';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ADDRESS_KINDS, type AddressKind } from '../inventory.js';
import type { RunOptions } from '../run.js';

export interface CommonOptions extends Omit<RunOptions, 'address'> {
  env: Environment;
  address: AddressKind;
  serial?: number;
}

const increase = (_: string, previous: number) => previous + 1;

/** A whole number of hosts, 1 or more. */
function hostCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a whole number of hosts, 1 or more.');
  return n;
}

/** Where the hosts come from: shared by every command. */
export function addTargetOptions(command: Command): Command {
  return command
    .addOption(new Option('--env <name>', 'environment').choices(ENVIRONMENTS).makeOptionMandatory())
    .option('--outputs <file>', 'infrastructure outputs JSON (default: outputs.json at the repository root)')
    .option(
      '--inventory <file>',
      'a hand-written Ansible inventory instead of --outputs (e.g. the local demo)',
    )
    .addOption(
      new Option(
        '--address <kind>',
        'which instance IPs to use: public (a laptop) or private (inside the VPC)',
      )
        .choices(ADDRESS_KINDS)
        .default('public'),
    );
}

/** How ansible-playbook runs: shared by provision, rollout and rollback. */
export function addRunOptions(command: Command): Command {
  return addTargetOptions(command)
    .option('-l, --limit <pattern>', 'only these hosts (an Ansible host pattern)')
    .option('-C, --check', 'dry run: report what would change, change nothing')
    .option('-D, --diff', 'show differences in changed files')
    .option('-v, --verbose', 'more Ansible output (repeat up to -vvvv)', increase, 0);
}

/** Rolling commands also take a batch size. */
export function addSerialOption(command: Command): Command {
  return command.option('--serial <n>', 'hosts replaced at once (default 1)', hostCount);
}

/** Commands that move hosts can log each host's phase changes (docs/contracts.md §6). */
export function addEventsOption(command: Command): Command {
  return command.option(
    '--events <file>',
    'append one JSON line per host phase change (out, starting, baking, in, failed, rollback) to this file',
  );
}

export function runOptions(options: CommonOptions): RunOptions {
  return {
    outputs: options.outputs,
    inventory: options.inventory,
    address: options.address,
    limit: options.limit,
    check: options.check,
    diff: options.diff,
    verbose: options.verbose,
    events: options.events,
  };
}

export { withExamples as examples } from '@shipyard/cli-kit';
