import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { destroyStacks } from '../src/commands/destroy';
import { type Ask, confirmDestroy, destroyQuestion, PRODUCTION_QUESTION } from '../src/orchestration/confirm';
import { previewInputsJson } from '../src/orchestration/shared-outputs';
import {
  type Call,
  commandLines,
  errorLine,
  fakeTerraform,
  sharedAre,
  testContext,
  workspace,
} from './fake-terraform';
import { fixturesDir } from './helpers';

const sharedOutputs = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'outputs', 'shared.json'), 'utf8'));

/** A terminal that answers in turn, and remembers what it was asked. */
function terminal(...answers: string[]): { ask: Ask; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask: async (question) => {
      asked.push(question);
      return answers.shift() ?? '';
    },
  };
}

describe('the destroy confirmations', () => {
  it('says that the shared stack takes the ECR repository and every image in it', () => {
    expect(destroyQuestion(['production', 'staging', 'shared'])).toBe(
      "Destroy the production, staging, shared stack(s)? The shared stack takes the ECR repository with it, and every image in it. Type 'destroy' to continue:",
    );
    expect(destroyQuestion(['staging'])).toBe("Destroy the staging stack(s)? Type 'destroy' to continue:");
  });

  it("asks for 'destroy', then once more for 'production' when production goes", async () => {
    const t = terminal('destroy', 'production');
    await confirmDestroy(['production', 'staging', 'shared'], { autoApprove: false }, t.ask);
    expect(t.asked).toEqual([destroyQuestion(['production', 'staging', 'shared']), PRODUCTION_QUESTION]);
  });

  it('refuses a wrong answer, and refuses to ask without a terminal', async () => {
    expect(await errorLine(confirmDestroy(['staging'], { autoApprove: false }, terminal('yes').ask))).toBe(
      "error: not confirmed (expected 'destroy'); nothing was destroyed",
    );
    expect(
      await errorLine(confirmDestroy(['production'], { autoApprove: false }, terminal('destroy', 'y').ask)),
    ).toBe("error: not confirmed (expected 'production'); nothing was destroyed");
    expect(await errorLine(confirmDestroy(['staging'], { autoApprove: false }, undefined))).toBe(
      'error: refusing to destroy without a terminal to confirm on; nothing was destroyed. Set AUTO_APPROVE=1 (infra destroy --auto-approve) to destroy unattended.',
    );
  });

  it('unattended, needs CONFIRM_PRODUCTION=production for production, and asks nothing', async () => {
    const t = terminal();
    expect(await errorLine(confirmDestroy(['production'], { autoApprove: true }, t.ask))).toBe(
      'error: destroying production also needs CONFIRM_PRODUCTION=production; nothing was destroyed. Add CONFIRM_PRODUCTION=production (infra destroy --confirm-production production).',
    );
    await confirmDestroy(['production'], { autoApprove: true, confirmProduction: 'production' }, t.ask);
    await confirmDestroy(['staging', 'shared'], { autoApprove: true }, t.ask);
    expect(t.asked).toEqual([]);
  });
});

describe('infra destroy', () => {
  const stateList = (c: Call) =>
    c.stack === 'production' && c.args[0] === 'state'
      ? {
          stdout:
            'aws_instance.production_instance_5C4801D5[0]\naws_lb.production_alb_766BD9B7\naws_lb_listener.production_http_1\n',
        }
      : undefined;

  it('destroys production, staging, then shared, lifting the production ALB deletion protection first', async () => {
    const w = workspace('destroy');
    const tf = fakeTerraform((c) => sharedAre(sharedOutputs)(c) ?? stateList(c));
    const ctx = testContext(tf);
    const o = { ...w.options, autoApprove: true, confirmProduction: 'production' };
    expect(await destroyStacks(ctx, o, undefined, w.env)).toEqual(['production', 'staging', 'shared']);
    const { tfvars, plans } = w.options;
    const readShared = ['shared: init -input=false -no-color', 'shared: output -json'];
    const production = `-var-file=${tfvars} -var-file=${plans}/production.inputs.json -var=production_deletion_protection=false`;
    expect(commandLines(tf.calls)).toEqual([
      'production: init -input=false -no-color',
      ...readShared,
      'production: state list',
      `production: apply -input=false -auto-approve ${production} -target=aws_lb.production_alb_766BD9B7`,
      `production: destroy -input=false -auto-approve ${production}`,
      'staging: init -input=false -no-color',
      ...readShared,
      `staging: destroy -input=false -auto-approve -var-file=${tfvars} -var-file=${plans}/staging.inputs.json`,
      'shared: init -input=false -no-color',
      `shared: destroy -input=false -auto-approve -var-file=${tfvars}`,
    ]);
    expect(ctx.lines).toContain('The ECR repository goes with the shared stack, and every image in it.');
  });

  it('destroys an environment with placeholder inputs once the shared stack is gone', async () => {
    const w = workspace('destroy-env');
    const o = { ...w.options, stack: 'staging' as const, autoApprove: true };
    await destroyStacks(testContext(fakeTerraform(sharedAre({}))), o, undefined, w.env);
    expect(fs.readFileSync(path.join(w.options.plans, 'staging.inputs.json'), 'utf8')).toBe(
      previewInputsJson,
    );
  });

  it('runs nothing, not even a synth, when a confirmation is missing', async () => {
    const w = workspace('destroy-refused');
    const tf = fakeTerraform();
    const line = await errorLine(
      destroyStacks(testContext(tf), { ...w.options, autoApprove: true }, undefined, w.env),
    );
    expect(line).toMatch(/^error: destroying production also needs CONFIRM_PRODUCTION=production/);
    expect([tf.calls, fs.existsSync(w.options.out)]).toEqual([[], false]);
  });
});
