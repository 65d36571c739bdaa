import * as fs from 'node:fs';
import { ShipyardError } from '@shipyard/cli-kit';
import { type Command, Option } from 'commander';
import { type Ask, confirmDestroy, terminalAsk } from '../orchestration/confirm';
import { type Context, cliContext } from '../orchestration/context';
import { forgetPlan, planFiles } from '../orchestration/plan-files';
import { preflight } from '../orchestration/preflight';
import { currentSharedInputs, previewInputsJson } from '../orchestration/shared-outputs';
import { initStack, type StackName, selectStacks, stackDir } from '../orchestration/stacks';
import { synthesize } from '../orchestration/synth';
import { destroyArgs, stateListArgs, targetedApplyArgs, type VarOptions } from '../terraform/args';
import {
  liveOutOption,
  plansOption,
  type StackOptions,
  stackOption,
  tfvarsOption,
  withExamples,
} from './options';

export interface DestroyOptions extends StackOptions {
  readonly autoApprove?: boolean | undefined;
  readonly confirmProduction?: string | undefined;
}

/** The variables a stack is destroyed with. */
async function destroyVars(ctx: Context, o: DestroyOptions, stack: StackName): Promise<VarOptions> {
  if (stack === 'shared') return { tfvars: o.tfvars };
  const inputs = planFiles(o.plans, stack).inputs;
  // Once shared is gone its outputs are too; placeholders do, since destroy works from the state.
  const current = await currentSharedInputs(ctx, o.out).catch(() => undefined);
  fs.writeFileSync(inputs, current ?? previewInputsJson);
  return {
    tfvars: o.tfvars,
    sharedInputs: inputs,
    ...(stack === 'production' ? { vars: { production_deletion_protection: 'false' } } : {}),
  };
}

async function destroyStack(ctx: Context, o: DestroyOptions, stack: StackName): Promise<void> {
  const dir = stackDir(o.out, stack);
  await initStack(ctx, o.out, stack);
  const vars = await destroyVars(ctx, o, stack);
  if (stack === 'production') {
    // Lift the ALB's deletion protection first, or AWS refuses to delete it.
    const state = await ctx.terraform.capture(stateListArgs(dir));
    const alb =
      state.exitCode === 0 ? state.stdout.split('\n').find((a) => a.startsWith('aws_lb.')) : undefined;
    if (alb && (await ctx.terraform.stream(targetedApplyArgs({ dir, target: alb, ...vars }))) !== 0) {
      throw new ShipyardError(
        "could not lift the production ALB's deletion protection; nothing of production was destroyed",
        'Its output is above.',
      );
    }
  }
  if ((await ctx.terraform.stream(destroyArgs({ dir, ...vars }))) !== 0) {
    throw new ShipyardError(`terraform destroy failed for the ${stack} stack`, 'Its output is above.');
  }
  forgetPlan(planFiles(o.plans, stack));
}

/**
 * `infra destroy`: every confirmation first (nothing runs before them), then the stacks in
 * reverse dependency order: production, staging, shared.
 */
export async function destroyStacks(
  ctx: Context,
  o: DestroyOptions,
  ask: Ask,
  env: NodeJS.ProcessEnv,
): Promise<StackName[]> {
  ctx.steps.line(preflight(o.tfvars, env));
  const stacks = selectStacks(o.stack).reverse();
  await confirmDestroy(
    stacks,
    { autoApprove: Boolean(o.autoApprove), confirmProduction: o.confirmProduction },
    ask,
  );
  // Asked interactively, the question said it; unattended, the log says it.
  if (o.autoApprove && stacks.includes('shared')) {
    ctx.steps.line('The ECR repository goes with the shared stack, and every image in it.');
  }
  await ctx.steps.run('Synthesizing the shared, staging and production stacks', async () => {
    synthesize({ outDir: o.out, tfvars: o.tfvars }, env);
  });
  fs.mkdirSync(o.plans, { recursive: true });
  for (const stack of stacks) {
    await ctx.steps.run(`Destroying the ${stack} stack`, () => destroyStack(ctx, o, stack));
  }
  ctx.steps.line(`\nDestroyed: ${stacks.join(' ')}.`);
  return stacks;
}

export function registerDestroy(program: Command): void {
  const command = program
    .command('destroy')
    .summary('destroy every stack (or one), production last-confirmed')
    .description(
      "Destroy in reverse order: production, staging, shared. Asks you to type 'destroy' (the question says " +
        "that the shared stack takes the ECR repository and every image in it), and 'production' once more " +
        'when production is among them. Unattended: --auto-approve, plus --confirm-production production ' +
        "for production. Lifts the production ALB's deletion protection first.",
    )
    .addOption(stackOption())
    .addOption(new Option('--auto-approve', 'do not ask (AUTO_APPROVE=1 with make)'))
    .addOption(
      new Option(
        '--confirm-production <stack>',
        'the second confirmation production needs when unattended (CONFIRM_PRODUCTION= with make)',
      ).choices(['production']),
    )
    .addOption(tfvarsOption())
    .addOption(liveOutOption())
    .addOption(plansOption())
    .action(async (o: DestroyOptions) => {
      await destroyStacks(cliContext(), o, terminalAsk(), process.env);
    });
  withExamples(command, [
    'infra destroy --stack staging',
    'infra destroy --auto-approve --stack staging',
    'infra destroy --auto-approve --confirm-production production',
  ]);
}
