import { Eip } from '@cdktf/provider-aws/lib/eip';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { sessionManagerStatements } from '../src/constructs/instance-role';
import { JenkinsServer, type JenkinsServerProps } from '../src/constructs/jenkins-server';
import { resources, type TfJson } from './helpers';

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

/** The statements of the role's inline policy, parsed from the synthesized JSON. */
const statements = (json: ReturnType<typeof synth>): TfJson[] =>
  JSON.parse(resources(json, 'aws_iam_role_policy')[0]?.policy as string).Statement;

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

  it('gzips the user data and requires IMDSv2 with hop limit 1', () => {
    const template = resources(synth(), LaunchTemplate.tfResourceType)[0];
    expect(template?.user_data).toBe('${base64gzip("#cloud-config\\n")}');
    expect(template?.metadata_options.http_tokens).toBe('required');
    expect(template?.metadata_options.http_put_response_hop_limit).toBe(1);
  });

  it('pushes no image and touches no load balancer: builds and deploys run on the build agent', () => {
    const actions = statements(synth()).flatMap((st) => st.Action as string[]);
    expect(actions.filter((a) => /^(ecr|elasticloadbalancing|ec2):/.test(a))).toEqual([]);
    expect(actions.filter((a) => a.includes('*') || a.startsWith('iam:'))).toEqual([]);
  });

  it('reads exactly its secrets and the agent endpoint in SSM, publishes only its agent key, and opens sessions without the managed policy', () => {
    const json = synth();
    expect(resources(json, 'aws_iam_role_policy_attachment')).toEqual([]);
    const ssm = statements(json).filter((st) => st.Action.some((a: string) => a.startsWith('ssm:Get')));
    expect(ssm).toEqual([
      {
        Effect: 'Allow',
        Sid: 'ReadParameters',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: ['arn:aws:ssm:eu-west-1:*:parameter/shipyard/jenkins/*'],
      },
      {
        Effect: 'Allow',
        Sid: 'ReadAgentEndpoint',
        Action: ['ssm:GetParameter'],
        Resource: [
          'arn:aws:ssm:eu-west-1:*:parameter/shipyard/agent/address',
          'arn:aws:ssm:eu-west-1:*:parameter/shipyard/agent/host-key',
        ],
      },
    ]);
    const writes = statements(json).filter((st) => st.Action.includes('ssm:PutParameter'));
    expect(writes.map((st) => st.Resource)).toEqual([
      'arn:aws:ssm:eu-west-1:*:parameter/shipyard/agent/authorized-key',
    ]);
    expect(statements(json).slice(-2)).toEqual(
      sessionManagerStatements().map((s) => ({ Effect: 'Allow', ...s })),
    );
    // Decrypting comes from the secrets key alone (SecretsKey), never from kms:Decrypt on every key.
    expect(JSON.stringify(statements(json))).not.toContain('kms:');
  });

  it('gets a stable Elastic IP for its URL', () => {
    expect(resources(synth(), Eip.tfResourceType)).toHaveLength(1);
  });

  it('refuses the whole internet as an admin CIDR, and a tiny root volume', () => {
    for (const world of ['0.0.0.0/0', '::/0']) {
      expect(() => synth({ adminCidrs: [world] })).toThrow(
        `JenkinsServer: adminCidrs must not include ${world} (the whole internet); list your own addresses`,
      );
    }
    expect(() => synth({ rootVolumeGiB: 8 })).toThrow(
      /JenkinsServer: rootVolumeGiB must be from 20 to 1024, got 8/,
    );
  });
});
