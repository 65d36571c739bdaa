import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jenkinsBootstrapDir } from '../src/paths';
import { EnvironmentStack } from '../src/stacks/environment-stack';
import { SHARED_INPUTS } from '../src/stacks/shared-inputs';
import { SharedStack } from '../src/stacks/shared-stack';
import { bootstrapFixture, resources, type TfJson, testSettings } from './helpers';

/** How a JCasC file refers to a variable: `${NAME}`. */
const jcascVariable = (name: string) => `\${${name}}`;

const settings = testSettings();
const app = Testing.app();
const stacks: Record<string, TfJson> = {
  shared: JSON.parse(
    Testing.synth(new SharedStack(app, 'shared', { settings, jenkinsBootstrapDir: bootstrapFixture })),
  ),
  staging: JSON.parse(
    Testing.synth(new EnvironmentStack(app, 'staging', { settings, environment: 'staging' })),
  ),
  production: JSON.parse(
    Testing.synth(new EnvironmentStack(app, 'production', { settings, environment: 'production' })),
  ),
};
const all = Object.values(stacks);
const everyResource = (type: string) => all.flatMap((json) => resources(json, type));

describe.each(Object.keys(stacks))('the %s stack', (name) => {
  it('matches its snapshot', () => {
    expect(stacks[name]).toMatchSnapshot();
  });

  it('describes, types and validates its variables', () => {
    for (const [id, variable] of Object.entries(stacks[name]?.variable ?? {}) as [string, TfJson][]) {
      expect(variable.description, id).toMatch(/\S/);
      expect(variable.type, id).toBeDefined();
      if (!('default' in variable) && !['vpc_id', 'ecr_repository_arn'].includes(id)) {
        // Required inputs are either validated or come from the shared stack's outputs.
        expect(variable.validation ?? variable.nullable === false, id).toBeTruthy();
      }
    }
  });

  it('describes every output', () => {
    for (const [id, output] of Object.entries(stacks[name]?.output ?? {}) as [string, TfJson][]) {
      expect(output.description, id).toMatch(/\S/);
    }
  });
});

describe('security invariants', () => {
  const ingress = everyResource('aws_vpc_security_group_ingress_rule');

  it('opens no SSH and no Jenkins UI to 0.0.0.0/0, and admin CIDRs default to nobody', () => {
    const exposed = ingress.filter(
      (r) => [22, 8080].includes(r.from_port) && /0\.0\.0\.0\/0|::\/0/.test(JSON.stringify(r)),
    );
    expect(exposed).toEqual([]);
    for (const json of all) expect(json.variable.admin_cidrs.default).toEqual([]);
    expect(ingress.filter((r) => [22, 8080].includes(r.from_port)).length).toBeGreaterThan(0);
  });

  it('admits internet traffic only on the ALBs’ 80 and 443', () => {
    const open = ingress.filter((r) => r.cidr_ipv4 === '0.0.0.0/0');
    expect(open.map((r) => r.from_port).sort()).toEqual([443, 443, 80, 80]);
  });

  it('requires IMDSv2 with hop limit 1 and encrypts every volume of every launch template, and every instance uses one', () => {
    const templates = everyResource('aws_launch_template');
    // Jenkins controller, Jenkins build agent, staging, production.
    expect(templates).toHaveLength(4);
    for (const t of templates) {
      expect(t.metadata_options.http_tokens).toBe('required');
      // No container on any host can reach the instance role through IMDS.
      expect(t.metadata_options.http_put_response_hop_limit).toBe(1);
      for (const d of t.block_device_mappings) expect(d.ebs.encrypted).toBe('true');
    }
    for (const i of everyResource('aws_instance'))
      expect(i.launch_template.id).toMatch(/aws_launch_template\./);
  });

  it('reaches the app instances on the app port from their own ALB only', () => {
    for (const env of ['staging', 'production']) {
      const json = stacks[env] as TfJson;
      const appSg = Object.keys(json.resource.aws_security_group).find((k) => k.includes('app-sg'));
      const albSg = Object.keys(json.resource.aws_security_group).find((k) => k.includes('alb-sg'));
      const toApp = resources(json, 'aws_vpc_security_group_ingress_rule').filter(
        (r) => r.security_group_id === `\${aws_security_group.${appSg}.id}` && r.from_port !== 22,
      );
      expect(toApp).toHaveLength(1);
      expect(toApp[0]?.referenced_security_group_id).toBe(`\${aws_security_group.${albSg}.id}`);
      expect(toApp[0]?.from_port).toBe('${var.app_port}');
    }
  });

  // The Deploy stage runs `deploy rollout --address private` on the Jenkins build agent (the node
  // labelled `docker`, casc-agent.yaml). A security group rule matches only private addresses
  // inside the VPC, so the app instances must admit SSH from exactly the agent's group.
  it("admits SSH to the app instances from the build agent's security group, where deploys run", () => {
    const shared = stacks.shared as TfJson;
    const groups = shared.resource.aws_security_group as Record<string, TfJson>;
    const agentSg = Object.keys(groups).find((k) => groups[k]?.name === '${var.project}-jenkins-agent');
    const controllerSg = Object.keys(groups).find((k) => groups[k]?.name === '${var.project}-jenkins');
    expect(agentSg && controllerSg).toBeTruthy();
    expect(SHARED_INPUTS.jenkins_agent_security_group_id).toBe('jenkinsAgentSecurityGroupId');
    expect(shared.output.jenkinsAgentSecurityGroupId.value).toBe(`\${aws_security_group.${agentSg}.id}`);
    for (const env of ['staging', 'production']) {
      const ssh = resources(stacks[env] as TfJson, 'aws_vpc_security_group_ingress_rule').filter(
        (r) => r.from_port === 22 && r.referenced_security_group_id,
      );
      expect(ssh.map((r) => r.referenced_security_group_id)).toEqual([
        '${var.jenkins_agent_security_group_id}',
      ]);
    }
    // The agent admits SSH from the controller only.
    const toAgent = resources(shared, 'aws_vpc_security_group_ingress_rule').filter(
      (r) => r.security_group_id === `\${aws_security_group.${agentSg}.id}`,
    );
    expect(toAgent).toHaveLength(1);
    expect(toAgent[0]).toMatchObject({
      from_port: 22,
      referenced_security_group_id: `\${aws_security_group.${controllerSg}.id}`,
    });
    // ...and the node the controller connects to for the `docker` label is that agent.
    const casc = parse(fs.readFileSync(path.join(jenkinsBootstrapDir, 'casc-agent.yaml'), 'utf8'));
    const nodes = casc.jenkins.nodes.map((n: TfJson) => n.permanent);
    expect(nodes.map((n: TfJson) => [n.labelString, n.launcher.ssh.host])).toEqual([
      ['docker', jcascVariable('AGENT_HOST')],
    ]);
    expect(resources(shared, 'aws_ssm_parameter').map((p) => p.name)).toContain(
      '/${var.project}/agent/address',
    );
  });

  // Every inline policy is JSON text (tokens become `${...}` inside strings), so it parses as is.
  const policies = () =>
    everyResource('aws_iam_role_policy').map((p) => ({
      name: p.name as string,
      statements: JSON.parse(p.policy as string).Statement as TfJson[],
    }));
  const statements = () => policies().flatMap((p) => p.statements);
  const resourcesOf = (s: TfJson): string[] => [s.Resource].flat();

  it('spells out every action, attaches no managed policy, and never AdministratorAccess', () => {
    expect(JSON.stringify(all)).not.toMatch(
      /AdministratorAccess|PowerUserAccess|AmazonSSMManagedInstanceCore/,
    );
    expect(everyResource('aws_iam_role_policy_attachment')).toEqual([]);
    expect(statements().length).toBeGreaterThan(0);
    for (const s of statements()) {
      expect(s.Effect).toBe('Allow');
      for (const a of s.Action as string[]) expect(a, s.Sid).not.toContain('*');
    }
  });

  it('allows on Resource * only the actions that cannot be scoped, and no ssm:GetParameter* there', () => {
    const onEverything = statements()
      .filter((s) => resourcesOf(s).includes('*'))
      .flatMap((s) => s.Action as string[]);
    expect(onEverything.filter((a) => a.startsWith('ssm:Get'))).toEqual([]);
    expect([...new Set(onEverything)].sort()).toEqual([
      'ec2:DescribeInstances',
      'ec2:DescribeTags',
      'ec2messages:AcknowledgeMessage',
      'ec2messages:DeleteMessage',
      'ec2messages:FailMessage',
      'ec2messages:GetEndpoint',
      'ec2messages:GetMessages',
      'ec2messages:SendReply',
      'ecr:GetAuthorizationToken',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeTags',
      'elasticloadbalancing:DescribeTargetGroupAttributes',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetHealth',
      'ssm:UpdateInstanceInformation',
      'ssmmessages:CreateControlChannel',
      'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel',
    ]);
  });

  it('lets the Jenkins server read its secrets and the agent read the deploy contracts, nothing else', () => {
    const reads = policies().flatMap((p) =>
      p.statements
        .filter((s) => (s.Action as string[]).some((a) => a.startsWith('ssm:Get')))
        .map((s) => [p.name, s.Action, resourcesOf(s)]),
    );
    const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(reads.sort(byJson)).toEqual(
      [
        [
          '${var.project}-jenkins',
          ['ssm:GetParameter', 'ssm:GetParameters'],
          ['arn:aws:ssm:${var.region}:*:parameter/${var.project}/jenkins/*'],
        ],
        [
          '${var.project}-jenkins',
          ['ssm:GetParameter'],
          [
            'arn:aws:ssm:${var.region}:*:parameter/${var.project}/agent/address',
            'arn:aws:ssm:${var.region}:*:parameter/${var.project}/agent/host-key',
          ],
        ],
        [
          '${var.project}-jenkins-agent',
          ['ssm:GetParameter'],
          ['arn:aws:ssm:${var.region}:*:parameter/${var.project}/agent/authorized-key'],
        ],
        [
          '${var.project}-jenkins-agent',
          ['ssm:GetParameter', 'ssm:GetParameters'],
          ['arn:aws:ssm:${var.region}:*:parameter/${var.project}/deploy/*'],
        ],
      ].sort(byJson),
    );
  });

  it('encrypts the Jenkins secrets with a rotated key only the Jenkins role may decrypt', () => {
    const shared = stacks.shared as TfJson;
    const keys = Object.keys(shared.resource.aws_kms_key);
    expect(keys).toHaveLength(1);
    const key = shared.resource.aws_kms_key[keys[0] as string];
    expect(key.enable_key_rotation).toBe(true);
    const jenkinsRole = Object.keys(shared.resource.aws_iam_role).find((k) => k.startsWith('jenkins_'));
    const decrypters = (JSON.parse(key.policy).Statement as TfJson[])
      .filter((s) => (s.Action as string[]).some((a) => /Decrypt|ReEncrypt|CreateGrant|\*/.test(a)))
      .map((s) => [s.Principal.AWS, s.Action, s.Condition]);
    expect(decrypters).toEqual([
      [
        `\${aws_iam_role.${jenkinsRole}.arn}`,
        ['kms:Decrypt'],
        { StringEquals: { 'kms:ViaService': 'ssm.${var.region}.amazonaws.com' } },
      ],
    ]);
    const kms = statements().filter((s) => (s.Action as string[]).some((a) => a.startsWith('kms:')));
    expect(kms).toEqual([
      {
        Effect: 'Allow',
        Sid: 'DecryptSecrets',
        Action: ['kms:Decrypt'],
        Resource: `\${aws_kms_key.${keys[0]}.arn}`,
        Condition: { StringEquals: { 'kms:ViaService': 'ssm.${var.region}.amazonaws.com' } },
      },
    ]);
    const secrets = policies().find((p) => p.statements.some((st) => st.Sid === 'DecryptSecrets'));
    expect(secrets?.name).toBe('${var.project}-jenkins-secrets');
    expect(Object.keys(shared.output)).toEqual(
      expect.arrayContaining(['jenkinsSecretsKeyArn', 'jenkinsSecretsKeyAlias']),
    );
  });

  it('refuses an admin CIDR that opens Jenkins and SSH to the world, in every stack', () => {
    for (const json of all) {
      const rules = json.variable.admin_cidrs.validation as TfJson[];
      expect(rules.map((r) => r.error_message)).toContain(
        'admin_cidrs must not include 0.0.0.0/0 or ::/0 (the whole internet): list your own addresses, such as 203.0.113.7/32.',
      );
    }
  });

  it('scans images on push, and lets make destroy delete the repository with its images', () => {
    const repos = everyResource('aws_ecr_repository');
    expect(repos).toHaveLength(1);
    expect(repos[0]?.image_scanning_configuration.scan_on_push).toBe(true);
    expect(repos[0]?.force_delete).toBe(true);
  });

  it('protects the production ALB only', () => {
    expect(resources(stacks.production as TfJson, 'aws_lb')[0]?.enable_deletion_protection).toBe(
      '${var.production_deletion_protection}',
    );
    expect(resources(stacks.staging as TfJson, 'aws_lb')[0]?.enable_deletion_protection).toBe(false);
  });

  it('tags app instances with Project, Environment, Role and a numbered Name for the inventory', () => {
    for (const env of ['staging', 'production']) {
      const json = stacks[env] as TfJson;
      expect(resources(json, 'aws_instance')[0]?.tags).toEqual({
        Environment: env,
        Role: 'app',
        Name: `\${var.project}-${env}-\${count.index}`,
      });
      expect(json.provider.aws[0].default_tags[0].tags.Project).toBe('${var.project}');
    }
  });

  it('stores only the public key', () => {
    expect(resources(stacks.shared as TfJson, 'aws_key_pair')[0]?.public_key).toBe(
      '${trimspace(var.ssh_public_key)}',
    );
    expect(JSON.stringify(all)).not.toMatch(/tls_private_key|PRIVATE KEY/);
  });
});
