import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlans } from '../src/commands/apply';
import { planStacks } from '../src/commands/plan';
import { commandLines, errorLine, fakeTerraform, sharedAre, testContext, workspace } from './fake-terraform';
import { fixturesDir } from './helpers';

const sharedOutputs = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'outputs', 'shared.json'), 'utf8'));

/** A workspace where `infra plan` saved all three plans against the fixture's shared outputs. */
async function planned(name: string) {
  const w = workspace(name);
  await planStacks(testContext(fakeTerraform(sharedAre(sharedOutputs))), w.options, w.env);
  return w;
}

const applies = (lines: string[]) => lines.filter((l) => / apply /.test(l));

describe('infra apply', () => {
  it('applies exactly the saved plans in order, checking each environment against the shared outputs, and spends them', async () => {
    const w = await planned('apply');
    const tf = fakeTerraform(sharedAre(sharedOutputs));
    const ctx = testContext(tf);
    expect(await applyPlans(ctx, w.options, w.env)).toEqual(['shared', 'staging', 'production']);
    const { plans } = w.options;
    const lines = commandLines(tf.calls);
    expect(applies(lines)).toEqual(
      ['shared', 'staging', 'production'].map(
        (s) => `${s}: apply -input=false -no-color ${plans}/${s}.tfplan`,
      ),
    );
    // Shared is applied before the environments' inputs are compared with its (new) outputs.
    expect(lines.indexOf('shared: output -json')).toBeGreaterThan(lines.indexOf(applies(lines)[0] as string));
    expect(fs.readdirSync(plans).filter((f) => /tfplan|fingerprint/.test(f))).toEqual([]);
    expect(ctx.lines).toContain(
      "\nApplied: shared staging production. Run 'make outputs' to refresh outputs.json.",
    );
  });

  it('refuses a plan made before terraform.tfvars changed, before applying anything', async () => {
    const w = await planned('apply-tfvars');
    fs.appendFileSync(w.options.tfvars, 'ecr_keep_images = 10\n');
    const tf = fakeTerraform(sharedAre(sharedOutputs));
    expect(await errorLine(applyPlans(testContext(tf), w.options, w.env))).toBe(
      "error: the saved plan for the shared stack is stale (code or terraform.tfvars changed since 'make plan'). Run 'make plan' again.",
    );
    expect(applies(commandLines(tf.calls))).toEqual([]);
  });

  it('refuses a plan made before the synthesized configuration changed, before applying anything', async () => {
    const w = await planned('apply-code');
    // A different backend is a different configuration, as a code change would be.
    const env = { ...w.env, SHIPYARD_STATE_BUCKET: 'acme-tfstate' };
    const tf = fakeTerraform(sharedAre(sharedOutputs));
    expect(await errorLine(applyPlans(testContext(tf), w.options, env))).toMatch(
      /^error: the saved plan for the shared stack is stale/,
    );
    expect(applies(commandLines(tf.calls))).toEqual([]);
  });

  it('refuses an environment planned against other shared outputs, before applying anything', async () => {
    const w = await planned('apply-inputs');
    const moved = { ...sharedOutputs, vpcId: { value: 'vpc-0another00000000', type: 'string' } };
    const tf = fakeTerraform(sharedAre(moved));
    expect(await errorLine(applyPlans(testContext(tf), { ...w.options, stack: 'production' }, w.env))).toBe(
      "error: the saved plan for the production stack predates the shared stack's current outputs. Run 'make plan STACK=production' again.",
    );
    expect(applies(commandLines(tf.calls))).toEqual([]);
  });

  it('refuses with one line when there is no saved plan at all, or none for the stack asked for', async () => {
    const w = workspace('apply-none');
    expect(await errorLine(applyPlans(testContext(fakeTerraform()), w.options, w.env))).toBe(
      "error: no saved plan. Run 'make plan' first.",
    );
    expect(
      await errorLine(applyPlans(testContext(fakeTerraform()), { ...w.options, stack: 'staging' }, w.env)),
    ).toBe("error: no saved plan for the staging stack. Run 'make plan STACK=staging' first.");
  });
});
