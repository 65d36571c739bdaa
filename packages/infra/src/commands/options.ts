import * as path from 'node:path';
import { type Command, Option } from 'commander';
import { STACKS, type StackName } from '../orchestration/stacks';
import { defaults } from '../paths';

/** Paths given on the command line are taken relative to where the command runs. */
const absolute = (value: string) => path.resolve(value);

export const tfvarsOption = () =>
  new Option('--tfvars <file>', 'the Terraform variables (TFVARS= with make)')
    .default(defaults.tfvars, 'terraform.tfvars at the repository root')
    .argParser(absolute);

export const outOption = (fallback: string, shown: string, makeVariable: string) =>
  new Option(
    '--out <dir>',
    `where the stacks are synthesized, as <dir>/stacks/<name> (${makeVariable}= with make)`,
  )
    .default(fallback, shown)
    .argParser(absolute);

export const liveOutOption = () => outOption(defaults.liveOut, 'packages/infra/cdktf.out/live', 'INFRA_OUT');

export const plansOption = () =>
  new Option('--plans <dir>', 'where plans are saved for apply (INFRA_PLANS= with make)')
    .default(defaults.plans, 'packages/infra/cdktf.out/plans')
    .argParser(absolute);

export const stackOption = () =>
  new Option('--stack <name>', 'only this stack (STACK= with make); default: every stack in order').choices(
    STACKS,
  );

export interface StackOptions {
  readonly tfvars: string;
  readonly out: string;
  readonly plans: string;
  readonly stack?: StackName | undefined;
}

/** A few examples under a command's help. */
export function withExamples(command: Command, examples: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n`);
}
