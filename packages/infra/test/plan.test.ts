import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planStacks } from '../src/commands/plan';
import { fingerprint } from '../src/orchestration/plan-files';
import { commandLines, errorLine, fakeTerraform, sharedAre, testContext, workspace } from './fake-terraform';
import { fixturesDir } from './helpers';

const sharedOutputs = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'outputs', 'shared.json'), 'utf8'));

describe('infra plan', () => {
  it('plans shared -> staging -> production, each environment against the shared outputs, and saves each plan', async () => {
    const w = workspace('plan');
    const tf = fakeTerraform(sharedAre(sharedOutputs));
    const ctx = testContext(tf);
    expect(await planStacks(ctx, w.options, w.env)).toBe(3);

    const { tfvars, plans, out } = w.options;
    const planOf = (s: string, inputs: string[]) => [
      `${s}: init -input=false -no-color`,
      ...inputs,
      `${s}: plan -input=false -json -var-file=${tfvars}${s === 'shared' ? '' : ` -var-file=${plans}/${s}.inputs.json`} -out=${plans}/${s}.tfplan`,
      `${s}: show -no-color ${plans}/${s}.tfplan`,
    ];
    const readShared = ['shared: init -input=false -no-color', 'shared: output -json'];
    expect(commandLines(tf.calls)).toEqual([
      ...planOf('shared', []),
      ...planOf('staging', readShared),
      ...planOf('production', readShared),
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(plans, 'staging.inputs.json'), 'utf8'))).toEqual({
      vpc_id: sharedOutputs.vpcId.value,
      public_subnet_ids: sharedOutputs.publicSubnetIds.value,
      ecr_repository_arn: sharedOutputs.ecrRepositoryArn.value,
      ecr_repository_url: sharedOutputs.ecrRepositoryUrl.value,
      jenkins_agent_security_group_id: sharedOutputs.jenkinsAgentSecurityGroupId.value,
      key_pair_name: sharedOutputs.keyPairName.value,
    });
    // The fingerprint covers the synthesized config, the tfvars and, for an environment, its inputs.
    expect(fs.readFileSync(path.join(plans, 'production.fingerprint'), 'utf8')).toBe(
      fingerprint([
        path.join(out, 'stacks', 'production', 'cdk.tf.json'),
        tfvars,
        path.join(plans, 'production.inputs.json'),
      ]),
    );
    expect(ctx.lines).toContain(`\nSaved 3 plan(s) in ${plans}; 'make apply' applies exactly these.`);
  });

  it('plans only the shared stack while it has no outputs, and says the environments wait for it', async () => {
    const w = workspace('plan-fresh');
    const ctx = testContext(fakeTerraform(sharedAre({})));
    expect(await planStacks(ctx, w.options, w.env)).toBe(1);
    expect(
      ctx.lines.filter((l) => l.startsWith('skipped: the shared stack is not applied yet')),
    ).toHaveLength(2);
    expect(fs.readdirSync(w.options.plans).sort()).toEqual(['shared.fingerprint', 'shared.tfplan']);
  });

  it('refuses one environment while the shared stack has no outputs', async () => {
    const w = workspace('plan-one');
    const plan = planStacks(
      testContext(fakeTerraform(sharedAre({}))),
      { ...w.options, stack: 'staging' },
      w.env,
    );
    expect(await errorLine(plan)).toBe(
      "error: the staging stack needs the shared stack's outputs, and the shared stack is not applied yet. " +
        'Apply it first: make plan STACK=shared && make apply STACK=shared.',
    );
  });

  it('reports each refusal once, and leaves no plan behind, not even an older one', async () => {
    const w = workspace('plan-refused');
    fs.mkdirSync(w.options.plans);
    fs.writeFileSync(path.join(w.options.plans, 'shared.tfplan'), 'an older plan');
    const diagnostic = (summary: string, detail: string) =>
      JSON.stringify({ type: 'diagnostic', diagnostic: { severity: 'error', summary, detail } });
    const log = [
      diagnostic('Invalid value for variable', 'vpc_cidr must be an IPv4 CIDR.\n\nThis was checked by ...'),
      diagnostic('Invalid value for variable', 'vpc_cidr must be an IPv4 CIDR.\n\nThis was checked by ...'),
      diagnostic('Invalid value for variable', 'project must be 3-20 lowercase letters.'),
    ].join('\n');
    const tf = fakeTerraform((c) => (c.args[0] === 'plan' ? { exitCode: 1, output: log } : undefined));
    await expect(planStacks(testContext(tf), w.options, w.env)).rejects.toThrow(
      'vpc_cidr must be an IPv4 CIDR.\nerror: project must be 3-20 lowercase letters.',
    );
    expect(fs.readdirSync(w.options.plans)).toEqual([]);
    expect(commandLines(tf.calls).some((l) => l.startsWith('staging:'))).toBe(false);
  });

  it('checks terraform.tfvars and credentials before synthesizing or running anything', async () => {
    const w = workspace('plan-preflight');
    const tf = fakeTerraform();
    await expect(planStacks(testContext(tf), w.options, { HOME: w.dir })).rejects.toThrow(
      'no AWS credentials found',
    );
    expect([tf.calls, fs.existsSync(w.options.out)]).toEqual([[], false]);
  });
});
