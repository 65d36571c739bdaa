import * as fs from 'node:fs';
import { ShipyardError } from '@shipyard/cli-kit';
import type { Command } from 'commander';
import { type Context, cliContext } from '../orchestration/context';
import { fingerprint, forgetPlan, planFiles } from '../orchestration/plan-files';
import { preflight } from '../orchestration/preflight';
import { currentSharedInputs } from '../orchestration/shared-outputs';
import { initStack, type StackName, selectStacks, stackDir } from '../orchestration/stacks';
import { synthesize } from '../orchestration/synth';
import { applyPlanArgs } from '../terraform/args';
import {
  liveOutOption,
  plansOption,
  type StackOptions,
  stackOption,
  tfvarsOption,
  withExamples,
} from './options';
import { planSources } from './plan';

/** Whether the saved plan was made from the configuration and values there are now. */
function isCurrent(o: StackOptions, stack: StackName): boolean {
  const saved = planFiles(o.plans, stack).fingerprint;
  try {
    return fs.readFileSync(saved, 'utf8').trim() === fingerprint(planSources(o, stack));
  } catch {
    return false;
  }
}

/** An environment's plan is only good for the shared outputs it was planned against. */
async function refuseIfSharedChanged(ctx: Context, o: StackOptions, stack: StackName): Promise<void> {
  const now = await currentSharedInputs(ctx, o.out);
  if (now === undefined || now !== fs.readFileSync(planFiles(o.plans, stack).inputs, 'utf8')) {
    throw new ShipyardError(
      `the saved plan for the ${stack} stack predates the shared stack's current outputs`,
      `Run 'make plan STACK=${stack}' again.`,
    );
  }
}

/**
 * `infra apply`: applies exactly the saved plans, in dependency order. Every refusal that can be
 * known up front (no plan, a stale plan, an environment planned against other shared outputs)
 * comes before anything is applied.
 */
export async function applyPlans(
  ctx: Context,
  o: StackOptions,
  env: NodeJS.ProcessEnv,
): Promise<StackName[]> {
  ctx.steps.line(preflight(o.tfvars, env));
  const todo = selectStacks(o.stack).filter((stack) => fs.existsSync(planFiles(o.plans, stack).plan));
  if (o.stack && todo.length === 0) {
    throw new ShipyardError(
      `no saved plan for the ${o.stack} stack`,
      `Run 'make plan STACK=${o.stack}' first.`,
    );
  }
  if (todo.length === 0) throw new ShipyardError('no saved plan', "Run 'make plan' first.");
  // Synthesized again, so a change to the code since the plan shows in the fingerprint.
  await ctx.steps.run('Synthesizing the shared, staging and production stacks', async () => {
    synthesize({ outDir: o.out, tfvars: o.tfvars }, env);
  });
  for (const stack of todo) {
    if (!isCurrent(o, stack)) {
      throw new ShipyardError(
        `the saved plan for the ${stack} stack is stale (code or terraform.tfvars changed since 'make plan')`,
        "Run 'make plan' again.",
      );
    }
  }
  const sharedFirst = todo.includes('shared');
  if (!sharedFirst) {
    for (const stack of todo) await refuseIfSharedChanged(ctx, o, stack);
  }
  for (const stack of todo) {
    // Shared may just have been applied: an environment's plan must still match its outputs.
    if (sharedFirst && stack !== 'shared') await refuseIfSharedChanged(ctx, o, stack);
    await ctx.steps.run(`Applying the saved plan of the ${stack} stack`, async () => {
      const files = planFiles(o.plans, stack);
      await initStack(ctx, o.out, stack);
      const code = await ctx.terraform.stream(
        applyPlanArgs({ dir: stackDir(o.out, stack), plan: files.plan, color: ctx.color }),
      );
      if (code !== 0) {
        throw new ShipyardError(
          `terraform apply failed for the ${stack} stack`,
          "Its output is above; fix the cause, then run 'make plan' and 'make apply' again.",
        );
      }
      forgetPlan(files);
    });
  }
  ctx.steps.line(`\nApplied: ${todo.join(' ')}. Run 'make outputs' to refresh outputs.json.`);
  return todo;
}

export function registerApply(program: Command): void {
  const command = program
    .command('apply')
    .summary('apply exactly the plans `infra plan` saved, in order')
    .description(
      'Apply the saved plans in dependency order. Refuses with one line, before applying anything, when ' +
        'there is no saved plan, when a plan is stale (code or terraform.tfvars changed since the plan), or ' +
        'when an environment was planned against other shared outputs. A plan is deleted once applied.',
    )
    .addOption(stackOption())
    .addOption(tfvarsOption())
    .addOption(liveOutOption())
    .addOption(plansOption())
    .action(async (o: StackOptions) => {
      await applyPlans(cliContext(), o, process.env);
    });
  withExamples(command, ['infra apply', 'infra apply --stack shared']);
}
