import {
  DEFAULT_PROJECT,
  ENVIRONMENTS,
  type Environment,
  isProjectName,
  PROJECT_NAME_RULE,
} from '@shipyard/contracts';
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

/** A project name, as the infrastructure's `project` variable allows it. */
function projectName(value: string): string {
  if (!isProjectName(value)) throw new InvalidArgumentError(`expected ${PROJECT_NAME_RULE}.`);
  return value;
}

/** Where the hosts come from: shared by every command. */
export function addTargetOptions(command: Command): Command {
  return command
    .addOption(new Option('--env <name>', 'environment').choices(ENVIRONMENTS).makeOptionMandatory())
    .option(
      '--outputs <file>',
      'infrastructure outputs JSON (default: outputs.json at the repository root if it exists, else the SSM parameter /<project>/deploy/<env>)',
    )
    .option(
      '--from-ssm',
      'read the deploy contract from the SSM parameter /<project>/deploy/<env> even if outputs.json exists (the pipeline)',
    )
    .addOption(
      new Option('--project <name>', 'project name, which names the SSM parameter /<project>/deploy/<env>')
        .env('PROJECT')
        .default(DEFAULT_PROJECT)
        .argParser(projectName),
    )
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

/** Rolling commands can leave a picture of the run behind (docs/deploy.md, "A picture of each roll-out"). */
export function addRecordOptions(command: Command): Command {
  return command
    .option(
      '--timeline <file>',
      "write an SVG timeline of the run: requests per second by version, failures, and each host's phases (also when it fails)",
    )
    .option('--events <file>', 'append the host phase events to this file, one JSON line each');
}

export interface RecordFlags {
  timeline?: string;
  events?: string;
}

export function runOptions(options: CommonOptions): RunOptions {
  return {
    outputs: options.outputs,
    inventory: options.inventory,
    project: options.project,
    fromSsm: options.fromSsm,
    address: options.address,
    limit: options.limit,
    check: options.check,
    diff: options.diff,
    verbose: options.verbose,
  };
}

export { withExamples as examples } from '@shipyard/cli-kit';
