import { Eip } from '@cdktf/provider-aws/lib/eip';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { JenkinsServer, type JenkinsServerProps } from '../src/constructs/jenkins-server';
import { resources } from './helpers';

const base: JenkinsServerProps = {
  project: 'shipyard',
  region: 'eu-west-1',
  vpcId: 'vpc-1',
  subnetId: 'subnet-a',
  keyName: 'shipyard',
  ecrRepositoryArn: 'arn:aws:ecr:eu-west-1:1:repository/shipyard-service',
  userData: '#cloud-config\n',
};
const synth = (props: Partial<JenkinsServerProps> = {}) =>
  JSON.parse(
    Testing.synthScope((scope) => {
      new JenkinsServer(scope, 'jenkins', { ...base, ...props });
    }),
  );

const statements = (json: ReturnType<typeof synth>) => {
  const policy = resources(json, 'aws_iam_role_policy')[0]?.policy as string;
  // `${jsonencode(...)}` wraps an HCL object; its JSON body is the part between the parentheses.
  return policy;
};

describe('JenkinsServer', () => {
  it('opens the UI and SSH to the admin CIDRs only, and to nobody by default', () => {
    const closed = resources(synth(), 'aws_vpc_security_group_ingress_rule');
    expect(closed.map((r) => r.for_each)).toEqual(['${toset([])}', '${toset([])}']);
    const open = resources(synth({ adminCidrs: ['203.0.113.7/32'] }), 'aws_vpc_security_group_ingress_rule');
    expect(open.map((r) => [r.from_port, r.for_each]).sort()).toEqual([
      [22, '${toset(["203.0.113.7/32"])}'],
      [8080, '${toset(["203.0.113.7/32"])}'],
    ]);
  });

  it('gzips the user data and requires IMDSv2', () => {
    const template = resources(synth(), LaunchTemplate.tfResourceType)[0];
    expect(template?.user_data).toBe('${base64gzip("#cloud-config\\n")}');
    expect(template?.metadata_options.http_tokens).toBe('required');
  });

  it('pushes to its own repository only, drains target groups of the project only, reads its SSM prefix only', () => {
    const policy = statements(synth());
    expect(policy).toContain('ecr:PutImage');
    expect(policy).toContain('arn:aws:ecr:eu-west-1:1:repository/shipyard-service');
    expect(policy).toContain('arn:aws:elasticloadbalancing:eu-west-1:*:targetgroup/shipyard-*/*');
    expect(policy).toContain('arn:aws:ssm:eu-west-1:*:parameter/shipyard/jenkins/*');
    expect(policy).toContain('ssm.eu-west-1.amazonaws.com');
    expect(policy).not.toMatch(/"Action":\s*"\*"|ecr:\*|"iam:/);
  });

  it('gets a stable Elastic IP for its URL', () => {
    expect(resources(synth(), Eip.tfResourceType)).toHaveLength(1);
  });

  it('refuses 0.0.0.0/0 as an admin CIDR and a tiny root volume', () => {
    expect(() => synth({ adminCidrs: ['0.0.0.0/0'] })).toThrow(
      /JenkinsServer: adminCidrs must not include 0\.0\.0\.0\/0/,
    );
    expect(() => synth({ rootVolumeGiB: 8 })).toThrow(
      /JenkinsServer: rootVolumeGiB must be from 20 to 1024, got 8/,
    );
  });
});
