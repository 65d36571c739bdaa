import * as path from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import { ENVIRONMENTS } from '@shipyard/contracts';
import { initArgs } from '../terraform/args';
import type { Context } from './context';

/** The stacks in dependency order: the environments take the shared stack's outputs. */
export const STACKS = ['shared', ...ENVIRONMENTS] as const;
export type StackName = (typeof STACKS)[number];

/** The stacks a command works on, in dependency order: one (`--stack`) or all. */
export function selectStacks(only?: StackName): StackName[] {
  return only ? [only] : [...STACKS];
}

/** Where cdktf synthesizes a stack: `<out>/stacks/<name>`. */
export function stackDir(outDir: string, stack: StackName): string {
  return path.join(outDir, 'stacks', stack);
}

/** The synthesized configuration a saved plan was made from. */
export function stackConfig(outDir: string, stack: StackName): string {
  return path.join(stackDir(outDir, stack), 'cdk.tf.json');
}

/** `terraform init`, quiet unless it fails: then its output goes to stderr above the error. */
export async function initStack(ctx: Context, outDir: string, stack: StackName): Promise<void> {
  const r = await ctx.terraform.capture(initArgs(stackDir(outDir, stack)));
  if (r.exitCode !== 0) {
    ctx.stderr(r.output);
    throw new ShipyardError(`terraform init failed for the ${stack} stack`, 'Its output is above.');
  }
}
