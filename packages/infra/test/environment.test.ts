import { Instance } from '@cdktf/provider-aws/lib/instance';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { AL2023_AMI } from '../src/constructs/app-launch-template';
import { Environment, type EnvironmentProps } from '../src/constructs/environment';
import { ecrPullStatements, sessionManagerStatements } from '../src/constructs/instance-role';
import { hasResource, resources, type TfJson } from './helpers';

const base: EnvironmentProps = {
  project: 'shipyard',
  environment: 'staging',
  vpcId: 'vpc-1',
  subnetIds: ['subnet-a', 'subnet-b'],
  ecrRepositoryArn: 'arn:aws:ecr:eu-west-1:1:repository/shipyard-service',
  jenkinsAgentSecurityGroupId: 'sg-jenkins-agent',
  keyName: 'shipyard',
};

const synth = (props: Partial<EnvironmentProps> = {}) =>
  Testing.synthScope((scope) => {
    new Environment(scope, 'env', { ...base, ...props });
  });

describe('Environment', () => {
  it('creates an ALB, a target group checking /health with a short deregistration delay, and N instances', () => {
    const out = synth({ instanceCount: 3, appPort: 8081 });
    expect(
      hasResource(out, Lb.tfResourceType, { name: 'shipyard-staging', enable_deletion_protection: false }),
    ).toBe(true);
    expect(
      hasResource(out, LbTargetGroup.tfResourceType, {
        port: 8081,
        deregistration_delay: '15',
        health_check: { path: '/health', matcher: '200' },
      }),
    ).toBe(true);
    expect(hasResource(out, Instance.tfResourceType, { count: 3 })).toBe(true);
    expect(hasResource(out, 'aws_lb_target_group_attachment', { count: 3, port: 8081 })).toBe(true);
  });

  it("names each instance after its index, Terraform's count.index", () => {
    const [instance] = resources(JSON.parse(synth()), Instance.tfResourceType);
    expect(instance?.tags.Name).toBe('shipyard-staging-${count.index}');
  });

  it('launches Amazon Linux 2023 through SSM with IMDSv2, hop limit 1 and an encrypted gp3 root volume', () => {
    expect(
      hasResource(synth(), LaunchTemplate.tfResourceType, {
        image_id: AL2023_AMI,
        // Hop limit 1: a container behind the Docker bridge cannot get the instance role's credentials.
        metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 },
        block_device_mappings: [{ ebs: { encrypted: 'true', volume_type: 'gp3' } }],
      }),
    ).toBe(true);
  });

  it('lets the app hosts pull the image and open SSM sessions, and read no parameter', () => {
    const json = JSON.parse(synth()) as TfJson;
    expect(resources(json, 'aws_iam_role_policy_attachment')).toEqual([]);
    const policies = resources(json, 'aws_iam_role_policy');
    expect(policies).toHaveLength(1);
    expect(JSON.parse(policies[0]?.policy).Statement).toEqual(
      [...ecrPullStatements(base.ecrRepositoryArn), ...sessionManagerStatements()].map((s) => ({
        Effect: 'Allow',
        ...s,
      })),
    );
    expect(policies[0]?.policy).not.toMatch(/ssm:Get|kms:/);
  });

  it('admits the app port from its ALB only, and SSH from the Jenkins build agent and the admin CIDRs', () => {
    const json = JSON.parse(synth({ adminCidrs: ['198.51.100.0/24'] }));
    const ingress = resources(json, VpcSecurityGroupIngressRule.tfResourceType);
    const appRules = ingress.filter((r) => r.from_port === 3000);
    expect(appRules).toHaveLength(1);
    expect(appRules[0]?.referenced_security_group_id).toMatch(/aws_security_group\.env_alb-sg_.*\.id/);
    const ssh = ingress.filter((r) => r.from_port === 22);
    expect(ssh.map((r) => r.referenced_security_group_id ?? r.cidr_ipv4).sort()).toEqual([
      '${each.value}',
      'sg-jenkins-agent',
    ]);
    expect(ssh.find((r) => r.cidr_ipv4)?.for_each).toEqual('${toset(["198.51.100.0/24"])}');
  });

  it('protects the ALB from deletion when asked (production)', () => {
    expect(
      hasResource(synth({ deletionProtection: true }), Lb.tfResourceType, {
        enable_deletion_protection: true,
      }),
    ).toBe(true);
  });

  it('adds HTTPS and turns HTTP into a redirect only when a certificate is given', () => {
    const json = JSON.parse(synth({ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' }));
    const listeners = resources(json, 'aws_lb_listener');
    const https = listeners.find((l) => l.port === 443);
    expect(https?.certificate_arn).toBe('arn:aws:acm:eu-west-1:123456789012:certificate/x');
    expect(https?.count).toBe(
      '${startswith("arn:aws:acm:eu-west-1:123456789012:certificate/x", "arn:") ? 1 : 0}',
    );
    const redirect = listeners.find((l) => l.default_action[0].type === 'redirect');
    expect(redirect?.default_action[0].redirect).toMatchObject({
      protocol: 'HTTPS',
      status_code: 'HTTP_301',
    });
  });

  it('names the prop and its range when a prop is out of range', () => {
    expect(() => synth({ instanceCount: 0 })).toThrow(
      /Environment: instanceCount must be a whole number from 1 to 10, got 0/,
    );
    expect(() => synth({ instanceCount: 11 })).toThrow(
      /instanceCount must be a whole number from 1 to 10, got 11/,
    );
    expect(() => synth({ appPort: 80 })).toThrow(/appPort must be a whole number from 1024 to 65535, got 80/);
    expect(() => synth({ environment: 'Prod!' })).toThrow(/environment must be 2-12 lowercase letters/);
    expect(() => synth({ subnetIds: ['subnet-a'] })).toThrow(/subnetIds must hold at least 2 subnets/);
    for (const world of ['0.0.0.0/0', '::/0']) {
      expect(() => synth({ adminCidrs: ['198.51.100.0/24', world] })).toThrow(
        `Environment: adminCidrs must not include ${world} (the whole internet)`,
      );
    }
  });
});
