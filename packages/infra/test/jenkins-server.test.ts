import { Eip } from '@cdktf/provider-aws/lib/eip';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { JenkinsServer, type JenkinsServerProps } from '../src/constructs/jenkins-server';
import { policyStatements, resources } from './helpers';

const base: JenkinsServerProps = {
  project: 'shipyard',
  region: 'eu-west-1',
  vpcId: 'vpc-1',
  subnetId: 'subnet-a',
  keyName: 'shipyard',
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

  it('reads its SSM prefix, publishes its agent key and reads the agent endpoint; it pushes and deploys nothing', () => {
    const policy = statements(synth());
    expect(policy).toContain('arn:aws:ssm:eu-west-1:*:parameter/shipyard/jenkins/*');
    expect(policy).toContain('ssm.eu-west-1.amazonaws.com');
    const writes = policyStatements(policy).filter((s) => s.Action.includes('ssm:PutParameter'));
    expect(writes.map((s) => s.Resource)).toEqual([
      'arn:aws:ssm:eu-west-1:*:parameter/shipyard/agent/authorized-key',
    ]);
    expect(policy).toContain('arn:aws:ssm:eu-west-1:*:parameter/shipyard/agent/address');
    expect(policy).toContain('arn:aws:ssm:eu-west-1:*:parameter/shipyard/agent/host-key');
    // Builds and deploys run on the agent: the controller's role neither pushes images nor drains hosts.
    expect(policy).not.toMatch(/ecr:|elasticloadbalancing:|ec2:Describe/);
    expect(policy).not.toMatch(/"Action":\s*"\*"|"iam:/);
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
