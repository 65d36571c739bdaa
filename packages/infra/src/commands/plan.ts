import * as fs from 'node:fs';
import { ShipyardError } from '@shipyard/cli-kit';
import type { Command } from 'commander';
import { type Context, cliContext } from '../orchestration/context';
import { fingerprint, forgetPlan, planFiles } from '../orchestration/plan-files';
import { preflight } from '../orchestration/preflight';
import { currentSharedInputs } from '../orchestration/shared-outputs';
import { initStack, type StackName, selectStacks, stackConfig, stackDir } from '../orchestration/stacks';
import { synthesize } from '../orchestration/synth';
import { planArgs, showPlanArgs } from '../terraform/args';
import { planRefused } from '../terraform/diagnostics';
import {
  liveOutOption,
  plansOption,
  type StackOptions,
  stackOption,
  tfvarsOption,
  withExamples,
} from './options';

/** What a saved plan of this stack was made from (see fingerprint). */
export function planSources(o: StackOptions, stack: StackName): string[] {
  return [
    stackConfig(o.out, stack),
    o.tfvars,
    ...(stack === 'shared' ? [] : [planFiles(o.plans, stack).inputs]),
  ];
}

/** Plans one stack and saves the plan; false when an environment must wait for the shared stack. */
async function planStack(ctx: Context, o: StackOptions, stack: StackName): Promise<boolean> {
  const files = planFiles(o.plans, stack);
  forgetPlan(files);
  fs.rmSync(files.inputs, { force: true });
  await initStack(ctx, o.out, stack);
  if (stack !== 'shared') {
    const inputs = await currentSharedInputs(ctx, o.out);
    if (inputs === undefined) {
      if (o.stack) {
        throw new ShipyardError(
          `the ${stack} stack needs the shared stack's outputs, and the shared stack is not applied yet`,
          'Apply it first: make plan STACK=shared && make apply STACK=shared.',
        );
      }
      ctx.steps.line(
        "skipped: the shared stack is not applied yet; run 'make apply', then 'make plan' again.",
      );
      return false;
    }
    fs.writeFileSync(files.inputs, inputs);
  }
  const dir = stackDir(o.out, stack);
  // -json, so a refusal (a bad variable, an AWS error) comes out as one line per error.
  const planned = await ctx.terraform.capture(
    planArgs({
      dir,
      tfvars: o.tfvars,
      sharedInputs: stack === 'shared' ? undefined : files.inputs,
      json: true,
      out: files.plan,
    }),
  );
  if (planned.exitCode !== 0) {
    forgetPlan(files);
    throw planRefused([planned.output]);
  }
  if ((await ctx.terraform.stream(showPlanArgs({ dir, plan: files.plan, color: ctx.color }))) !== 0) {
    forgetPlan(files);
    throw new ShipyardError(`terraform show failed for the ${stack} stack's plan`, 'Its output is above.');
  }
  fs.writeFileSync(files.fingerprint, fingerprint(planSources(o, stack)));
  return true;
}

/**
 * `infra plan`: the preflight, a synth, then each stack in dependency order: init, a saved plan,
 * the plan shown, and a fingerprint of what it was made from. An environment is planned against
 * the shared stack's current outputs; on a fresh account it waits until shared is applied.
 */
export async function planStacks(ctx: Context, o: StackOptions, env: NodeJS.ProcessEnv): Promise<number> {
  ctx.steps.line(preflight(o.tfvars, env));
  await ctx.steps.run('Synthesizing the shared, staging and production stacks', async () => {
    synthesize({ outDir: o.out, tfvars: o.tfvars }, env);
  });
  fs.mkdirSync(o.plans, { recursive: true });
  let saved = 0;
  for (const stack of selectStacks(o.stack)) {
    if (await ctx.steps.run(`Planning the ${stack} stack`, () => planStack(ctx, o, stack))) saved += 1;
  }
  ctx.steps.line(`\nSaved ${saved} plan(s) in ${o.plans}; 'make apply' applies exactly these.`);
  return saved;
}

export function registerPlan(program: Command): void {
  const command = program
    .command('plan')
    .summary('plan every stack in order (or one) and save the plans for apply')
    .description(
      'Check terraform.tfvars and AWS credentials, synthesize, then for shared -> staging -> production: ' +
        'terraform init, terraform plan -out, show the plan, and save a fingerprint of the configuration, ' +
        "terraform.tfvars and the shared stack's outputs it was made from. Refusals are one line per error.",
    )
    .addOption(stackOption())
    .addOption(tfvarsOption())
    .addOption(liveOutOption())
    .addOption(plansOption())
    .action(async (o: StackOptions) => {
      await planStacks(cliContext(), o, process.env);
    });
  withExamples(command, [
    'infra plan',
    'infra plan --stack staging',
    'AWS_PROFILE=ops infra plan --tfvars prod.tfvars',
  ]);
}
