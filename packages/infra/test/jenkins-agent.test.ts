import * as fs from 'node:fs';
import * as path from 'node:path';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { JenkinsAgent, type JenkinsAgentProps } from '../src/constructs/jenkins-agent';
import { repoRoot } from '../src/paths';
import { policyStatements, resources } from './helpers';

const base: JenkinsAgentProps = {
  project: 'shipyard',
  region: 'eu-west-1',
  vpcId: 'vpc-1',
  subnetId: 'subnet-a',
  keyName: 'shipyard',
  ecrRepositoryArn: 'arn:aws:ecr:eu-west-1:1:repository/shipyard-service',
  controllerSecurityGroupId: 'sg-controller',
  userData: '#cloud-config\n',
};
const synth = (props: Partial<JenkinsAgentProps> = {}) =>
  JSON.parse(
    Testing.synthScope((scope) => {
      new JenkinsAgent(scope, 'agent', { ...base, ...props });
    }),
  );

describe('JenkinsAgent', () => {
  const json = synth();
  const statements = policyStatements(resources(json, 'aws_iam_role_policy')[0]?.policy as string);
  const actions = statements.flatMap((s) => s.Action);

  it('admits SSH from the controller only, and nothing else', () => {
    const ingress = resources(json, VpcSecurityGroupIngressRule.tfResourceType);
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({
      from_port: 22,
      to_port: 22,
      referenced_security_group_id: 'sg-controller',
    });
    expect(ingress[0]?.cidr_ipv4).toBeUndefined();
  });

  it('may push to its repository, read the deploy contracts and drain the project target groups', () => {
    const on = (action: string) => statements.find((s) => s.Action.includes(action))?.Resource;
    expect(on('ecr:PutImage')).toBe('arn:aws:ecr:eu-west-1:1:repository/shipyard-service');
    expect(on('ssm:GetParameters')).toBe('arn:aws:ssm:eu-west-1:*:parameter/shipyard/deploy/*');
    expect(on('elasticloadbalancing:DeregisterTargets')).toBe(
      'arn:aws:elasticloadbalancing:eu-west-1:*:targetgroup/shipyard-*/*',
    );
  });

  it('may run the ALB bake the deploys run on it: the calls of bake_alb.yml, on the bake alarms only', () => {
    const on = (action: string) => statements.find((s) => s.Action.includes(action))?.Resource;
    // community.aws.elb_target_group_info reads each target group's attributes and tags.
    for (const action of [
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetGroupAttributes',
      'elasticloadbalancing:DescribeTags',
    ])
      expect(on(action), action).toBe('*');
    // amazon.aws.cloudwatch_metric_alarm(_info) on alarms named <target group>-bake-*, and the
    // target groups are named <project>-<env>.
    const alarms = 'arn:aws:cloudwatch:eu-west-1:*:alarm:shipyard-*-bake-*';
    expect([on('cloudwatch:PutMetricAlarm'), on('cloudwatch:DescribeAlarms')]).toEqual([alarms, alarms]);
    const bake = fs.readFileSync(path.join(repoRoot, 'ansible/roles/app/tasks/bake_alb.yml'), 'utf8');
    expect(bake).toContain(
      "__app_bake_alarm_prefix: \"{{ app_target_group_arn | regex_replace('^.*:targetgroup/([^/]+)/.*$', '\\\\1') }}-bake-\"",
    );
    for (const module of [
      'community.aws.elb_target_group_info',
      'amazon.aws.cloudwatch_metric_alarm',
      'amazon.aws.cloudwatch_metric_alarm_info',
    ])
      expect(bake).toContain(`${module}:`);
  });

  it('has no wildcard action, no managed policy, and no access to the Jenkins secrets or any KMS key', () => {
    for (const action of actions) expect(action).not.toMatch(/^\*$|:\*$/);
    expect(resources(json, 'aws_iam_role_policy_attachment')).toEqual([]);
    expect(actions.filter((a) => a.startsWith('kms:') || a.startsWith('secretsmanager:'))).toEqual([]);
    const ssmResources = statements
      .filter((s) => s.Action.some((a) => a.startsWith('ssm:')))
      .flatMap((s) => [s.Resource].flat());
    expect(ssmResources.filter((r) => r.includes('/jenkins'))).toEqual([]);
    // The only parameter it may write is its own host key; the only other it reads is the controller's public key.
    const writes = statements.filter((s) => s.Action.includes('ssm:PutParameter'));
    expect(writes.map((s) => s.Resource)).toEqual([
      'arn:aws:ssm:eu-west-1:*:parameter/shipyard/agent/host-key',
    ]);
    expect(ssmResources.filter((r) => r.includes('/agent/')).sort()).toEqual([
      'arn:aws:ssm:eu-west-1:*:parameter/shipyard/agent/authorized-key',
      'arn:aws:ssm:eu-west-1:*:parameter/shipyard/agent/host-key',
    ]);
    // Only the calls that support no resource scoping run on "*": describing, the ECR login, and
    // the SSM agent's Session Manager channel.
    for (const s of statements.filter((s) => s.Resource === '*')) {
      for (const action of s.Action) {
        expect(action).toMatch(/:(Describe|Get)|^ssm:UpdateInstanceInformation$|^ssmmessages:|^ec2messages:/);
      }
    }
  });

  it('publishes its private address from Terraform, not from the agent', () => {
    const [address] = resources(json, SsmParameter.tfResourceType);
    expect(address).toMatchObject({ name: '/shipyard/agent/address', type: 'String' });
    expect(address?.value).toMatch(/^\$\{aws_instance\.agent_instance_[A-Z0-9]+\.private_ip\}$/);
  });

  it('gzips the user data and requires IMDSv2 with hop limit 1 (the build container is on the host network)', () => {
    const template = resources(json, LaunchTemplate.tfResourceType)[0];
    expect(template?.user_data).toBe('${base64gzip("#cloud-config\\n")}');
    expect(template?.metadata_options.http_tokens).toBe('required');
    expect(template?.metadata_options.http_put_response_hop_limit).toBe(1);
    expect(template?.block_device_mappings[0].ebs.volume_size).toBe(50);
  });

  it('refuses a root volume too small for build images', () => {
    expect(() => synth({ rootVolumeGiB: 20 })).toThrow(
      /JenkinsAgent: rootVolumeGiB must be from 30 to 1024, got 20/,
    );
  });
});
