import { ShipyardError } from '@shipyard/cli-kit';
import { PREVIEW_SHARED_INPUTS, sharedInputsFromOutputs } from '../stacks/shared-inputs';
import { outputJsonArgs } from '../terraform/args';
import type { Context } from './context';
import { initStack, stackDir } from './stacks';

/** The var file an environment stack takes from the shared stack: stable text, so two can be compared. */
export function inputsJson(inputs: Record<string, unknown>): string {
  return `${JSON.stringify(inputs, null, 2)}\n`;
}

/** Placeholder shared values, for preview and for destroying an environment once shared is gone. */
export const previewInputsJson = inputsJson(PREVIEW_SHARED_INPUTS);

/** The shared stack's current outputs (its state): empty while it is not applied. */
export async function readSharedOutputs(
  ctx: Context,
  outDir: string,
): Promise<Record<string, { value: unknown }>> {
  await initStack(ctx, outDir, 'shared');
  const r = await ctx.terraform.capture(outputJsonArgs(stackDir(outDir, 'shared')));
  if (r.exitCode !== 0) {
    throw new ShipyardError(`could not read the shared stack's outputs: ${r.output.trim()}`);
  }
  return JSON.parse(r.stdout) as Record<string, { value: unknown }>;
}

/**
 * The environment stacks' inputs from the shared stack's current outputs (its state), or
 * undefined while the shared stack has no outputs (it is not applied yet).
 */
export async function currentSharedInputs(ctx: Context, outDir: string): Promise<string | undefined> {
  const outputs = await readSharedOutputs(ctx, outDir);
  if (Object.keys(outputs).length === 0) return undefined;
  return inputsJson(sharedInputsFromOutputs(outputs));
}
