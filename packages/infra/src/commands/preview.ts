import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatDuration, ShipyardError } from '@shipyard/cli-kit';
import type { Command } from 'commander';
import { type Context, cliContext } from '../orchestration/context';
import { previewInputsJson } from '../orchestration/shared-outputs';
import { type StackName, selectStacks, stackDir } from '../orchestration/stacks';
import { synthesize } from '../orchestration/synth';
import { defaults } from '../paths';
import { initArgs, planArgs, type VarOptions } from '../terraform/args';
import { withProviderMirror } from '../terraform/cli-config';
import { planRefused } from '../terraform/diagnostics';
import { outOption, stackOption, tfvarsOption, withExamples } from './options';

export interface PreviewOptions {
  readonly tfvars: string;
  readonly out: string;
  readonly stack?: StackName | undefined;
}

interface StackPreview {
  readonly stack: StackName;
  readonly ok: boolean;
  /** What Terraform printed (the plan, or why it failed). */
  readonly output: string;
  /** The `-json` log of a refused plan, for one line per error. */
  readonly refusal?: string | undefined;
  readonly ms: number;
}

async function previewStack(
  ctx: Context,
  out: string,
  stack: StackName,
  vars: VarOptions,
): Promise<StackPreview> {
  const t0 = Date.now();
  const dir = stackDir(out, stack);
  const done = (r: Omit<StackPreview, 'stack' | 'ms'>): StackPreview => ({
    stack,
    ms: Date.now() - t0,
    ...r,
  });
  // The provider install is the slow part of init, and preview's folder keeps it between runs.
  if (!fs.existsSync(path.join(dir, '.terraform'))) {
    const init = await ctx.terraform.capture(initArgs(dir));
    if (init.exitCode !== 0) return done({ ok: false, output: init.output });
  }
  const plan = { dir, ...vars, lock: false };
  const r = await ctx.terraform.capture(planArgs({ ...plan, color: ctx.color }));
  if (r.exitCode === 0) return done({ ok: true, output: r.output });
  // A refusal (a bad variable) is asked again in -json, to report it as one line per error.
  const json = await ctx.terraform.capture(planArgs({ ...plan, json: true }));
  return done({ ok: false, output: r.output, refusal: json.output });
}

/**
 * `infra preview`: a real `terraform plan` of every stack with no AWS account. Synthesized in
 * preview mode (fake credentials, the provider's skip flags, throw-away state), with placeholders
 * for the shared outputs, so the stacks are independent and planned side by side; their output is
 * printed in stack order, and an error the stacks share (a bad variable) is said once.
 */
export async function previewStacks(ctx: Context, o: PreviewOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const tfvars = fs.existsSync(o.tfvars) ? o.tfvars : defaults.previewTfvars;
  ctx.steps.line(`Variables: ${tfvars}`);
  await ctx.steps.run('Synthesizing in preview mode', async () => {
    synthesize({ outDir: o.out, tfvars, preview: true }, env);
  });
  const inputs = path.join(o.out, 'shared-inputs.json');
  fs.writeFileSync(inputs, previewInputsJson);
  const stacks = selectStacks(o.stack);
  const results = await ctx.steps.run(`Planning ${stacks.join(', ')} side by side`, () =>
    Promise.all(
      stacks.map((stack) =>
        previewStack(ctx, o.out, stack, { tfvars, sharedInputs: stack === 'shared' ? undefined : inputs }),
      ),
    ),
  );
  for (const r of results) {
    ctx.steps.line(`\n--- Preview of the ${r.stack} stack (${formatDuration(r.ms)}) ---`);
    ctx.steps.line(r.refusal === undefined ? r.output.trimEnd() : 'refused (the error is listed below).');
  }
  const refusals = results.flatMap((r) => (r.refusal === undefined ? [] : [r.refusal]));
  if (refusals.length > 0) throw planRefused(refusals);
  const failed = results.filter((r) => !r.ok).map((r) => r.stack);
  if (failed.length > 0) {
    throw new ShipyardError(
      `the preview of the ${failed.join(', ')} stack(s) failed`,
      "Terraform's output is above.",
    );
  }
  ctx.steps.line("\nPreview only: fake credentials, nothing was sent to AWS. 'make plan' plans for real.");
}

export function registerPreview(program: Command): void {
  const command = program
    .command('preview')
    .summary('a real terraform plan of every stack, with no AWS account')
    .description(
      'Synthesize in preview mode (fake credentials plus the provider skip flags, throw-away local state) ' +
        'and plan the stacks side by side, with placeholders for the shared outputs. Uses terraform.tfvars ' +
        'when it exists, else packages/infra/preview.tfvars. With TF_PROVIDER_MIRROR set, Terraform installs ' +
        'the AWS provider from that filesystem mirror only.',
    )
    .addOption(stackOption())
    .addOption(tfvarsOption())
    .addOption(outOption(defaults.previewOut, 'packages/infra/cdktf.out/preview', 'INFRA_PREVIEW_OUT'))
    .action(async (o: PreviewOptions) => {
      const env = withProviderMirror(process.env, o.out);
      await previewStacks(cliContext(env), o, env);
    });
  withExamples(command, [
    'infra preview',
    'infra preview --stack production',
    'TF_PROVIDER_MIRROR=/srv/tf-mirror infra preview',
  ]);
}
