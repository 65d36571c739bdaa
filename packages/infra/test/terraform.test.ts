import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployContractSchema } from '@shipyard/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { packageRoot } from '../src/paths';
import { PREVIEW_SHARED_INPUTS, SHARED_INPUTS } from '../src/stacks/shared-inputs';
import { type TfJson, tempDir, testSettings } from './helpers';
import { expiredDigests } from './support/ecr-lifecycle';
import { releasesThenShaPushes } from './support/image-history';
import { infra, type Run, terraform, terraformEnv } from './terraform';

// Real Terraform and the real hashicorp/aws provider, offline: one `terraform init` per stack
// for the whole file, then validate, plan (fake credentials plus the provider's skip flags),
// `terraform test` with a mocked provider that applies, and the infra CLI itself.
const STACKS = ['shared', 'staging', 'production'] as const;
type StackName = (typeof STACKS)[number];

const root = tempDir('terraform');
const outdir = path.join(root, 'out');
const env = terraformEnv(root);
const dir = (s: StackName) => path.join(outdir, 'stacks', s);
const previewTfvars = path.join(packageRoot, 'preview.tfvars');
const sharedInputs = path.join(root, 'shared-inputs.json');
const varFiles = (s: StackName, tfvars = previewTfvars) => [
  `-var-file=${tfvars}`,
  ...(s === 'shared' ? [] : [`-var-file=${sharedInputs}`]),
];
const explain = (r: Run) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
/** The address of the first resource of a type whose logical id starts with `prefix`. */
const addressOf = (s: StackName, type: string, prefix = '') => {
  const json = JSON.parse(fs.readFileSync(path.join(dir(s), 'cdk.tf.json'), 'utf8')) as TfJson;
  return `${type}.${Object.keys(json.resource[type]).find((id) => id.startsWith(prefix))}`;
};

beforeAll(async () => {
  createApp(testSettings({ outdir, preview: true, localStateDir: path.join(root, 'state') })).app.synth();
  fs.writeFileSync(sharedInputs, JSON.stringify(PREVIEW_SHARED_INPUTS));
  const inits = await Promise.all(STACKS.map((s) => terraform(dir(s), ['init', '-input=false'], env)));
  for (const r of inits) expect(r.code, explain(r)).toBe(0);
});

describe('terraform validate', () => {
  it.each(STACKS)('accepts the %s stack', async (s) => {
    const r = await terraform(dir(s), ['validate'], env);
    expect(r.code, explain(r)).toBe(0);
  });
});

describe('offline terraform plan', () => {
  const planned: Partial<Record<StackName, TfJson>> = {};

  beforeAll(async () => {
    const tfvars = path.join(root, 'plan.tfvars');
    // Admin CIDRs on, so the plan also shows the for_each rules they create.
    fs.writeFileSync(tfvars, `${fs.readFileSync(previewTfvars, 'utf8')}admin_cidrs = ["203.0.113.7/32"]\n`);
    for (const s of STACKS) {
      const plan = path.join(root, `${s}.tfplan`);
      const r = await terraform(
        dir(s),
        ['plan', '-input=false', '-lock=false', ...varFiles(s, tfvars), `-out=${plan}`],
        env,
      );
      expect(r.code, explain(r)).toBe(0);
      const show = await terraform(dir(s), ['show', '-json', plan], env);
      expect(show.code, explain(show)).toBe(0);
      planned[s] = JSON.parse(show.stdout);
    }
  });

  const changes = (stacks: readonly StackName[]) =>
    stacks.flatMap((s) => (planned[s]?.resource_changes ?? []) as TfJson[]);
  const count = (type: string, stacks: readonly StackName[] = STACKS) =>
    changes(stacks).filter((c) => c.type === type && c.change.actions.includes('create')).length;

  it('creates 2 ALBs, 4 app instances, the Jenkins server and its build agent, and one ECR repository by default', () => {
    expect(count('aws_lb')).toBe(2);
    expect(count('aws_instance', ['staging', 'production'])).toBe(4);
    expect(count('aws_instance', ['shared'])).toBe(2);
    expect(count('aws_ecr_repository')).toBe(1);
    expect(count('aws_lb_target_group')).toBe(2);
    expect(count('aws_lb_target_group_attachment')).toBe(4);
    expect(count('aws_vpc')).toBe(1);
    expect(count('aws_subnet')).toBe(2);
    expect(count('aws_nat_gateway')).toBe(0);
    expect(count('aws_key_pair')).toBe(1);
    expect(count('aws_lb_listener')).toBe(2);
    expect(count('aws_kms_key')).toBe(1);
    expect(count('aws_kms_alias')).toBe(1);
    // Jenkins server (and its secrets-key policy), build agent, staging, production.
    expect(count('aws_iam_role_policy')).toBe(5);
    expect(count('aws_iam_role_policy_attachment')).toBe(0);
  });

  it('plans 33 resources in the shared stack and 21 in each environment', () => {
    // With the admin CIDR of this plan: its two Jenkins rules and one SSH rule per environment.
    // The build agent is 9 of the shared ones: its instance, launch template, role, policy,
    // profile, security group, two rules and the address parameter. Each environment's 21st is
    // its deploy contract parameter.
    expect(changes(['shared']).length).toBe(33);
    expect(changes(['staging']).length).toBe(21);
    expect(changes(['production']).length).toBe(21);
  });

  it('plans each deploy contract as a String parameter at /<project>/deploy/<env>, readable in the plan', () => {
    for (const s of ['staging', 'production'] as const) {
      const parameters = changes([s]).filter((c) => c.type === 'aws_ssm_parameter');
      expect(parameters.map((p) => [p.change.after.name, p.change.after.type, p.change.after.tier])).toEqual([
        [`/shipyard/deploy/${s}`, 'String', 'Standard'],
      ]);
      // Known after apply (the hosts), and not redacted: `insecure_value`, not the sensitive `value`.
      expect(parameters[0]?.change.after_unknown.insecure_value).toBe(true);
      expect(parameters[0]?.change.after_sensitive.insecure_value).toBeFalsy();
    }
  });

  it('gives every launch template IMDSv2 with hop limit 1', () => {
    const templates = changes(STACKS).filter((c) => c.type === 'aws_launch_template');
    // Jenkins server, build agent, staging, production.
    expect(templates).toHaveLength(4);
    for (const t of templates) {
      expect(t.change.after.metadata_options).toEqual([
        expect.objectContaining({ http_tokens: 'required', http_put_response_hop_limit: 1 }),
      ]);
    }
  });

  it('renders app host policies that read no parameter, as Terraform will send them', () => {
    for (const s of ['staging', 'production'] as const) {
      const policies = changes([s]).filter((c) => c.type === 'aws_iam_role_policy');
      expect(policies).toHaveLength(1);
      const statements = JSON.parse(policies[0]?.change.after.policy).Statement as TfJson[];
      const actions = statements.flatMap((st) => st.Action as string[]);
      expect(actions.filter((a) => a.startsWith('ssm:Get') || a.startsWith('kms:'))).toEqual([]);
      expect(actions).toContain('ssmmessages:OpenDataChannel');
    }
  });

  it('renders a lifecycle policy that keeps 1.2.3 and the environments after 100 SHA builds', () => {
    const lifecycle = changes(['shared']).find((c) => c.type === 'aws_ecr_lifecycle_policy');
    const policy = JSON.parse(lifecycle?.change.after.policy);
    const h = releasesThenShaPushes(100);
    const expired = expiredDigests(policy, h.records, h.now);
    for (const tag of [
      '1.2.3',
      '1.2',
      '1',
      'staging',
      'staging-previous',
      'production',
      'production-previous',
    ]) {
      expect(expired.has(h.holder(tag) as string), tag).toBe(false);
    }
    // ecr_keep_images defaults to 50: staging, staging-previous and the 48 newest SHA-only stay.
    expect([...expired].sort()).toEqual([...h.shaOnly.slice(48), h.untagged].sort());
  });

  it('lets make destroy delete the repository with its images', () => {
    const repo = changes(['shared']).find((c) => c.type === 'aws_ecr_repository');
    expect(repo?.change.after.force_delete).toBe(true);
  });

  it('opens Jenkins and SSH to the admin CIDR only, and the build agent to the controller only', () => {
    const rules = changes(['shared'])
      .filter((c) => c.type === 'aws_vpc_security_group_ingress_rule')
      .map((c) => [c.change.after.from_port, c.change.after.cidr_ipv4 ?? 'a security group']);
    expect(rules.sort()).toEqual([
      [22, '203.0.113.7/32'],
      [22, 'a security group'],
      [8080, '203.0.113.7/32'],
    ]);
  });

  it('plans the production ALB with deletion protection and staging without', () => {
    const lb = (s: StackName) => changes([s]).find((c) => c.type === 'aws_lb')?.change.after;
    expect(lb('production').enable_deletion_protection).toBe(true);
    expect(lb('staging').enable_deletion_protection).toBe(false);
  });

  it('computes the Jenkins user data in Terraform, since it carries the ECR URL known after apply', () => {
    const lt = changes(['shared']).find(
      (c) => c.type === 'aws_launch_template' && /-jenkins$/.test(c.change.after.name),
    );
    expect(lt?.change.after_unknown.user_data).toBe(true);
  });
});

// The provider validates ARNs and ids in arguments even when mocked, so those get real shapes.
const mockArn = (type: string, arn: string, extra = '') =>
  `  mock_resource "${type}" {\n    defaults = {\n      arn = "${arn}"${extra}\n    }\n  }`;
const MOCK_PROVIDER = [
  'mock_provider "aws" {',
  mockArn('aws_iam_role', 'arn:aws:iam::123456789012:role/mock'),
  mockArn('aws_iam_instance_profile', 'arn:aws:iam::123456789012:instance-profile/mock'),
  mockArn(
    'aws_ecr_repository',
    'arn:aws:ecr:eu-west-1:123456789012:repository/mock',
    '\n      repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mock"\n      registry_id = "123456789012"',
  ),
  mockArn(
    'aws_kms_key',
    'arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab',
    '\n      key_id = "0123abcd-0123-4567-89ab-0123456789ab"',
  ),
  mockArn(
    'aws_lb',
    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/mock/0123456789abcdef',
    '\n      dns_name = "mock-123.eu-west-1.elb.amazonaws.com"',
  ),
  mockArn(
    'aws_lb_target_group',
    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/mock/0123456789abcdef',
  ),
  mockArn(
    'aws_launch_template',
    'arn:aws:ec2:eu-west-1:123456789012:launch-template/lt-0123456789abcdef0',
    '\n      id = "lt-0123456789abcdef0"',
  ),
  mockArn(
    'aws_instance',
    'arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0',
    '\n      id = "i-0123456789abcdef0"',
  ),
  '}',
].join('\n');

/** The hosts the mocked apply gives each environment: one with a public IP, one without. */
const HOSTS = [
  { id: 'i-0aaaaaaaaaaaaaaa0', publicIp: '203.0.113.11', privateIp: '10.20.0.11' },
  { id: 'i-0bbbbbbbbbbbbbbb1', publicIp: '', privateIp: '10.20.1.12' },
];
const overrideHosts = (s: StackName) =>
  HOSTS.map(
    (h, n) =>
      `override_resource {\n  target = ${addressOf(s, 'aws_instance')}[${n}]\n  values = {\n    id = "${h.id}"\n    public_ip = "${h.publicIp}"\n    private_ip = "${h.privateIp}"\n  }\n}`,
  ).join('\n');

/** One line of `terraform test -json`. */
interface TestEvent {
  readonly type: string;
  readonly '@testrun'?: string;
  readonly test_run?: { readonly run: string; readonly progress: string; readonly status?: string };
  readonly test_state?: TfJson;
}
const events = (r: Run): TestEvent[] =>
  r.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as TestEvent);
/** The status each run block ended with: `pass`, `fail`, `error`. */
const runStatus = (r: Run, run: string) =>
  events(r).find((e) => e.test_run?.run === run && e.test_run.progress === 'complete')?.test_run?.status;
/** The state a run block left (`terraform test -verbose -json`). */
const runState = (r: Run, run: string) =>
  events(r).find((e) => e.type === 'test_state' && e['@testrun'] === run)?.test_state as TfJson;

describe('terraform test with a mocked provider', () => {
  const results: Partial<Record<StackName, Run>> = {};
  let inputs: Run;
  const badInputs: [string, string, string][] = [
    ['bad_admin_cidr', 'admin_cidrs = ["10.0.0.300/32"]', 'var.admin_cidrs'],
    ['bad_vpc_cidr', 'vpc_cidr = "10.0.0.0/8"', 'var.vpc_cidr'],
    ['zero_instances', 'staging_instance_count = 0', 'var.staging_instance_count'],
    ['too_many_instances', 'production_instance_count = 11', 'var.production_instance_count'],
    ['malformed_public_key', 'ssh_public_key = "ssh-ed25519 not-a-key"', 'var.ssh_public_key'],
    ['bad_project_name', 'project = "My_Project"', 'var.project'],
    ['world_admin_cidr', 'admin_cidrs = ["0.0.0.0/0"]', 'var.admin_cidrs'],
    ['world_admin_cidr_ipv6', 'admin_cidrs = ["::/0"]', 'var.admin_cidrs'],
  ];

  beforeAll(async () => {
    for (const s of STACKS) {
      const asserts =
        s === 'shared'
          ? [
              [
                `${addressOf(s, 'aws_ecr_repository')}.image_scanning_configuration[0].scan_on_push`,
                'scan on push',
              ],
              ['length(output.publicSubnetIds) == 2', 'two public subnets'],
              ['startswith(output.jenkinsUrl, "http://")', 'a Jenkins URL'],
              [`${addressOf(s, 'aws_ecr_repository')}.force_delete`, 'a repository destroy may empty'],
              [
                `${addressOf(s, 'aws_launch_template', 'jenkins_')}.metadata_options[0].http_put_response_hop_limit == 1`,
                'hop limit 1 on Jenkins',
              ],
              [`${addressOf(s, 'aws_kms_key')}.enable_key_rotation`, 'a rotated secrets key'],
              ['output.jenkinsSecretsKeyAlias == "alias/shipyard-jenkins-secrets"', 'the secrets key alias'],
              [`output.jenkinsSecretsKeyArn == ${addressOf(s, 'aws_kms_key')}.arn`, 'the secrets key ARN'],
              [
                `output.jenkinsInstanceId == ${addressOf(s, 'aws_instance', 'jenkins_')}.id`,
                'the Jenkins instance id, for Run Command',
              ],
              // The key policy as applied: the account (from the registry id) administers, only the
              // Jenkins role decrypts.
              [
                `jsondecode(${addressOf(s, 'aws_kms_key')}.policy).Statement[0].Principal.AWS == "arn:aws:iam::123456789012:root"`,
                'the account administering the key',
              ],
              [
                `jsondecode(${addressOf(s, 'aws_kms_key')}.policy).Statement[2].Principal.AWS == ${addressOf(s, 'aws_iam_role', 'jenkins_')}.arn`,
                'the Jenkins role decrypting',
              ],
              [
                `jsondecode(${addressOf(s, 'aws_kms_key')}.policy).Statement[2].Action == ["kms:Decrypt"]`,
                'decrypt only',
              ],
            ]
          : [
              [`length(${addressOf(s, 'aws_instance')}) == 2`, 'two app instances'],
              ['length(output.instanceIds) == 2', 'two instance ids in the outputs'],
              [`output.environment == "${s}"`, 'the environment name'],
              [`${addressOf(s, 'aws_lb_target_group')}.health_check[0].path == "/health"`, 'a /health check'],
              [
                `${addressOf(s, 'aws_instance')}[1].tags.Name == "shipyard-${s}-1"`,
                'numbered instance names',
              ],
              [
                `${addressOf(s, 'aws_launch_template')}.metadata_options[0].http_put_response_hop_limit == 1`,
                'hop limit 1 on the app hosts',
              ],
              [
                `${addressOf(s, 'aws_ssm_parameter')}.name == "/shipyard/deploy/${s}"`,
                'the contract parameter',
              ],
              [`output.deployContractParameter == "/shipyard/deploy/${s}"`, 'its name in the outputs'],
              [
                `jsondecode(${addressOf(s, 'aws_ssm_parameter')}.insecure_value).instances[1].privateIp == "${HOSTS[1]?.privateIp}"`,
                'the hosts in the contract',
              ],
            ];
      const runs = [
        MOCK_PROVIDER,
        '',
        ...(s === 'shared' ? [] : [overrideHosts(s), '']),
        'run "apply" {',
        '  command = apply',
        ...asserts.map(
          ([c, m]) => `  assert {\n    condition     = ${c}\n    error_message = "expected ${m}"\n  }`,
        ),
        '}',
        '',
      ].join('\n');
      fs.mkdirSync(path.join(dir(s), 'tests'), { recursive: true });
      fs.writeFileSync(path.join(dir(s), 'tests', 'shipyard.tftest.hcl'), runs);
      // -json -verbose: the run's state comes back as JSON, so the applied contract can be read.
      const verbose = s === 'shared' ? [] : ['-verbose'];
      results[s] = await terraform(
        dir(s),
        ['test', '-json', ...verbose, '-filter=tests/shipyard.tftest.hcl', ...varFiles(s)],
        env,
      );
    }
    // Variable validation lives in every stack; checking it in one keeps the run short. A file of
    // its own, without -verbose, which would print the provider's schema for every run.
    const refusals = [
      MOCK_PROVIDER,
      ...badInputs.map(
        ([name, line, variable]) =>
          `\nrun "${name}" {\n  command = plan\n  variables {\n    ${line}\n  }\n  expect_failures = [${variable}]\n}`,
      ),
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir('staging'), 'tests', 'inputs.tftest.hcl'), refusals);
    inputs = await terraform(
      dir('staging'),
      ['test', '-json', '-filter=tests/inputs.tftest.hcl', ...varFiles('staging')],
      env,
    );
  });

  it.each(STACKS)('applies the %s stack', (s) => {
    const r = results[s] as Run;
    expect(runStatus(r, 'apply'), explain(r)).toBe('pass');
    expect(r.code, explain(r)).toBe(0);
  });

  it.each(badInputs)('refuses %s through its validation rule', (name) => {
    expect(runStatus(inputs, name), explain(inputs)).toBe('pass');
  });

  it.each(['staging', 'production'] as const)(
    'writes the %s deploy contract as applied, which the contracts schema reads back, equal to its outputs',
    (s) => {
      const state = runState(results[s] as Run, 'apply');
      const parameter = (state.root_module.resources as TfJson[]).find((r) => r.type === 'aws_ssm_parameter');
      const contract = deployContractSchema.parse(JSON.parse(parameter?.values.insecure_value));
      const dns = 'mock-123.eu-west-1.elb.amazonaws.com';
      expect(contract).toEqual({
        project: 'shipyard',
        region: 'eu-west-1',
        appPort: 3000,
        sshUser: 'ec2-user',
        ecrRepositoryUrl: PREVIEW_SHARED_INPUTS.ecr_repository_url,
        environment: s,
        albDnsName: dns,
        albUrl: `http://${dns}`,
        targetGroupArn:
          'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/mock/0123456789abcdef',
        instances: HOSTS,
      });
      // The same hosts, in the same order, as the outputs `make outputs` writes to outputs.json.
      const out = (name: string) => state.outputs[name].value;
      expect(contract.instances.map((h) => h.id)).toEqual(out('instanceIds'));
      expect(contract.instances.map((h) => h.publicIp)).toEqual(out('instancePublicIps'));
      expect(contract.instances.map((h) => h.privateIp)).toEqual(out('instancePrivateIps'));
      expect([contract.albDnsName, contract.albUrl, contract.targetGroupArn]).toEqual([
        out('albDnsName'),
        out('albUrl'),
        out('targetGroupArn'),
      ]);
    },
  );
});

describe('the infra CLI on real Terraform', () => {
  // plan and apply synthesize in preview mode (SHIPYARD_PREVIEW=1: fake credentials, the provider's
  // skip flags, state under the synth folder) into the folder the specs above use, so Terraform
  // plans offline; the preflight only needs a credential source to be present.
  const cliEnv = {
    ...env,
    HOME: root,
    SHIPYARD_PREVIEW: '1',
    AWS_ACCESS_KEY_ID: 'AKIAPREVIEWONLY',
    AWS_SECRET_ACCESS_KEY: 'preview-only',
  };
  const run = (command: string, args: string[]) => infra([command, `--out=${outdir}`, ...args], cliEnv);
  const tfvarsWith = (name: string, extra: string) => {
    const file = path.join(root, name);
    fs.writeFileSync(file, `${fs.readFileSync(previewTfvars, 'utf8')}${extra}`);
    return file;
  };

  it('refuses a bad variable with one line naming it, and saves no plan', async () => {
    const plans = tempDir('plans-bad');
    const tfvars = tfvarsWith('cli-bad.tfvars', 'admin_cidrs = ["10.0.0.300/32"]\n');
    const r = await run('plan', [`--plans=${plans}`, `--tfvars=${tfvars}`, '--stack=shared']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('error: admin_cidrs must hold IPv4 CIDRs such as 203.0.113.7/32.');
    expect(fs.existsSync(path.join(plans, 'shared.tfplan'))).toBe(false);
  });

  it('preview refuses a bad variable with that one line, said once for the three stacks', async () => {
    const tfvars = tfvarsWith('preview-bad.tfvars', 'staging_instance_count = 0\n');
    const r = await run('preview', [`--tfvars=${tfvars}`]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('error: staging_instance_count must be a whole number from 1 to 10.');
    expect(r.stdout).not.toMatch(/Plan: \d+ to add/);
  });

  it('preview refuses ::/0 as an admin CIDR with one line, said once for the three stacks', async () => {
    const tfvars = tfvarsWith('preview-world.tfvars', 'admin_cidrs = ["::/0"]\n');
    const r = await run('preview', [`--tfvars=${tfvars}`]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      'error: admin_cidrs must not include 0.0.0.0/0 or ::/0 (the whole internet): list your own addresses, such as 203.0.113.7/32.',
    );
    expect(r.stdout).not.toMatch(/Plan: \d+ to add/);
  });

  it('plans shared, lets the environments wait for its outputs, then refuses the plan once terraform.tfvars changed', async () => {
    const plans = tempDir('plans-stale');
    const tfvars = tfvarsWith('cli.tfvars', '');
    const planned = await run('plan', [`--plans=${plans}`, `--tfvars=${tfvars}`]);
    expect(planned.code, explain(planned)).toBe(0);
    expect(planned.stdout).toMatch(/Plan: \d+ to add/);
    expect(planned.stdout.match(/^skipped: the shared stack is not applied yet/gm)).toHaveLength(2);
    expect(planned.stdout).toContain(`Saved 1 plan(s) in ${plans}`);
    expect(fs.readdirSync(plans).filter((f) => f.endsWith('.tfplan'))).toEqual(['shared.tfplan']);

    fs.appendFileSync(tfvars, 'ecr_keep_images = 10\n');
    const stale = await run('apply', [`--plans=${plans}`, `--tfvars=${tfvars}`]);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr.trim()).toBe(
      "error: the saved plan for the shared stack is stale (code or terraform.tfvars changed since 'make plan'). Run 'make plan' again.",
    );
  });

  it("plans an environment against the shared stack's outputs, and refuses it once they changed", async () => {
    const plans = tempDir('plans-inputs');
    const state = path.join(outdir, 'state', 'shared.tfstate');
    // The shared stack's state as an apply leaves it: its outputs are what the environments take.
    const writeSharedState = (serial: number, vpcId: string) => {
      const value = (v: unknown) => ({ value: v, type: Array.isArray(v) ? ['list', 'string'] : 'string' });
      const outputs = Object.fromEntries(
        Object.entries(SHARED_INPUTS).map(([variable, output]) => [
          output,
          value(
            variable === 'vpc_id' ? vpcId : PREVIEW_SHARED_INPUTS[variable as keyof typeof SHARED_INPUTS],
          ),
        ]),
      );
      fs.mkdirSync(path.dirname(state), { recursive: true });
      fs.writeFileSync(
        state,
        JSON.stringify({
          version: 4,
          terraform_version: '1.10.0',
          serial,
          lineage: 'shipyard-test',
          outputs,
          resources: [],
        }),
      );
    };
    try {
      writeSharedState(1, 'vpc-0applied0000000a');
      const planned = await run('plan', [`--plans=${plans}`, `--tfvars=${previewTfvars}`, '--stack=staging']);
      expect(planned.code, explain(planned)).toBe(0);
      const inputs = JSON.parse(fs.readFileSync(path.join(plans, 'staging.inputs.json'), 'utf8'));
      expect(inputs.vpc_id).toBe('vpc-0applied0000000a');

      writeSharedState(2, 'vpc-0replaced000000b');
      const refused = await run('apply', [
        `--plans=${plans}`,
        `--tfvars=${previewTfvars}`,
        '--stack=staging',
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr.trim()).toBe(
        "error: the saved plan for the staging stack predates the shared stack's current outputs. Run 'make plan STACK=staging' again.",
      );
    } finally {
      fs.rmSync(state, { force: true });
    }
  });

  it('refuses to apply when no plan was saved', async () => {
    const r = await run('apply', [`--plans=${tempDir('plans-none')}`, `--tfvars=${previewTfvars}`]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe("error: no saved plan. Run 'make plan' first.");
  });
});
