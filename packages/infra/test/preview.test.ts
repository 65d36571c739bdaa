import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { previewStacks } from '../src/commands/preview';
import { defaults } from '../src/paths';
import type { Captured } from '../src/terraform/run';
import { type Call, errorLine, fakeTerraform, testContext, workspace } from './fake-terraform';

const refusal = JSON.stringify({
  type: 'diagnostic',
  diagnostic: {
    severity: 'error',
    summary: 'Invalid value for variable',
    detail: 'staging_instance_count must be a whole number from 1 to 10.',
  },
});

describe('infra preview', () => {
  it('plans the stacks side by side and prints them in stack order, whichever finishes first', async () => {
    const w = workspace('preview');
    const finished: string[] = [];
    // shared is the slowest, production the fastest.
    const delay: Record<string, number> = { shared: 300, staging: 150, production: 0 };
    const tf = fakeTerraform();
    const capture = tf.capture;
    tf.capture = async (argv): Promise<Captured> => {
      const r = await capture(argv);
      const stack = argv[0]?.split('/').pop() ?? '';
      if (argv[1] !== 'plan') return r;
      await sleep(delay[stack]);
      finished.push(stack);
      return { ...r, output: `Plan: 1 to add (${stack})\n` };
    };
    const ctx = testContext(tf);
    await previewStacks(ctx, w.options, w.env);
    expect(finished).toEqual(['production', 'staging', 'shared']);
    const printed = ctx.lines.filter((l) => l.startsWith('Plan: '));
    expect(printed).toEqual([
      'Plan: 1 to add (shared)',
      'Plan: 1 to add (staging)',
      'Plan: 1 to add (production)',
    ]);
  });

  it('says a bad variable once, though every stack refuses it', async () => {
    const w = workspace('preview-bad');
    const tf = fakeTerraform((c: Call) =>
      c.args[0] === 'plan'
        ? { exitCode: 1, output: c.args.includes('-json') ? refusal : 'Error: ...' }
        : undefined,
    );
    const ctx = testContext(tf);
    expect(await errorLine(previewStacks(ctx, w.options, w.env))).toBe(
      'error: staging_instance_count must be a whole number from 1 to 10.',
    );
    expect(ctx.lines.filter((l) => l === 'refused (the error is listed below).')).toHaveLength(3);
  });

  it('plans with packages/infra/preview.tfvars when there is no terraform.tfvars, without the state lock', async () => {
    const w = workspace('preview-example');
    const tf = fakeTerraform();
    const ctx = testContext(tf);
    await previewStacks(ctx, { ...w.options, tfvars: `${w.dir}/missing.tfvars`, stack: 'shared' }, w.env);
    const plans = tf.calls.filter((c) => c.args[0] === 'plan');
    expect(plans.map((c) => c.args)).toEqual([
      ['plan', '-input=false', '-lock=false', '-no-color', `-var-file=${defaults.previewTfvars}`],
    ]);
    expect(ctx.lines).toContain(`Variables: ${defaults.previewTfvars}`);
  });
});
