// The IAM policy docs/aws.md gives the identity that runs `make apply`: derived from the resource
// types the synthesized stacks hold, so a new type fails here until the policy covers it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { ACTIONS_BY_RESOURCE_TYPE, deployerPolicy } from '../src/iam/deployer-policy';
import { repoRoot } from '../src/paths';
import { resources, type TfJson, tempDir, testSettings } from './helpers';

const outdir = tempDir('iam');
createApp(testSettings({ outdir })).app.synth();
const stacks = ['shared', 'staging', 'production'].map(
  (s) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'), 'utf8')) as TfJson,
);
const policy = deployerPolicy({ project: 'shipyard', stateBucket: 'my-shipyard-state' });

/** Whether an IAM action pattern (`ec2:Describe*`) covers an action. */
const covers = (pattern: string, action: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  ).test(action);
const allowed = (action: string) => policy.Statement.filter((s) => s.Action.some((a) => covers(a, action)));

describe('the deployer policy', () => {
  it('knows every resource type the stacks hold, and only those', () => {
    const types = new Set(stacks.flatMap((json) => Object.keys(json.resource ?? {})));
    expect([...types].sort()).toEqual(Object.keys(ACTIONS_BY_RESOURCE_TYPE).sort());
  });

  it.each(Object.entries(ACTIONS_BY_RESOURCE_TYPE))('allows what Terraform calls for %s', (_, actions) => {
    for (const action of actions) expect(allowed(action), action).not.toEqual([]);
  });

  it('reads every service it writes to, and writes nothing service-wide', () => {
    for (const service of ['ec2', 'elasticloadbalancing', 'ecr', 'iam', 'kms', 'ssm']) {
      const reads = policy.Statement.flatMap((s) => s.Action).filter((a) =>
        new RegExp(`^${service}:(Describe|Get|List)`).test(a),
      );
      expect(reads.length, service).toBeGreaterThan(0);
    }
    for (const s of policy.Statement) {
      expect(s.Effect).toBe('Allow');
      for (const a of s.Action) expect(a, s.Sid).not.toMatch(/:\*$/);
    }
    expect(new Set(policy.Statement.map((s) => s.Sid)).size).toBe(policy.Statement.length);
  });

  it('scopes to the names the stacks give: roles, load balancers, the repository, the parameters', () => {
    const names = (type: string, attribute = 'name') =>
      stacks.flatMap((json) => resources(json, type).map((r) => String(r[attribute])));
    for (const n of [...names('aws_iam_role'), ...names('aws_iam_instance_profile')]) {
      expect(n).toMatch(/^\$\{var\.project\}-/);
    }
    for (const n of [...names('aws_lb'), ...names('aws_lb_target_group'), ...names('aws_ecr_repository')]) {
      expect(n).toMatch(/^\$\{var\.project\}-/);
    }
    for (const n of names('aws_ssm_parameter')) expect(n).toMatch(/^\/\$\{var\.project\}\//);
    const resourcesOf = (sid: string) => [policy.Statement.find((s) => s.Sid === sid)?.Resource].flat();
    expect(resourcesOf('Roles')).toEqual([
      'arn:aws:iam::*:role/shipyard-*',
      'arn:aws:iam::*:instance-profile/shipyard-*',
    ]);
    expect(resourcesOf('Parameters')).toEqual(['arn:aws:ssm:*:*:parameter/shipyard/*']);
    expect(resourcesOf('StateObjects')).toEqual(['arn:aws:s3:::my-shipyard-state/shipyard/*']);
  });

  it('lets make jenkins-secrets encrypt but never decrypt, and run only AWS-RunShellScript', () => {
    expect(allowed('kms:Decrypt')).toEqual([]);
    expect(allowed('kms:Encrypt').map((s) => s.Condition)).toEqual([
      { StringLike: { 'kms:ViaService': 'ssm.*.amazonaws.com' } },
    ]);
    expect(allowed('ssm:SendCommand').flatMap((s) => [s.Resource].flat())).toEqual([
      'arn:aws:ssm:*::document/AWS-RunShellScript',
      'arn:aws:ec2:*:*:instance/*',
    ]);
  });

  it('is the policy docs/aws.md shows', () => {
    const docs = fs.readFileSync(path.join(repoRoot, 'docs', 'aws.md'), 'utf8');
    const block = /<!-- deployer-policy -->\s*```json\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(JSON.parse(block ?? 'null')).toEqual(policy);
  });
});
