import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import {
  ecrPullStatements,
  InstanceRole,
  type InstanceRoleProps,
  sessionManagerStatements,
} from '../src/constructs/instance-role';
import { hasResource, resources, type TfJson } from './helpers';

const synth = (props: Partial<InstanceRoleProps> = {}, more?: (role: InstanceRole) => void) =>
  JSON.parse(
    Testing.synthScope((scope) => {
      const role = new InstanceRole(scope, 'role', {
        name: 'app',
        statements: ecrPullStatements('arn:aws:ecr:eu-west-1:1:repository/r'),
        ...props,
      });
      more?.(role);
    }),
  ) as TfJson;

describe('InstanceRole', () => {
  it('creates a role EC2 can assume, an instance profile, its policy as JSON and the managed policies', () => {
    const json = synth({ managedPolicies: ['CloudWatchAgentServerPolicy'] });
    const text = JSON.stringify(json);
    expect(hasResource(text, IamInstanceProfile.tfResourceType, { name: 'app' })).toBe(true);
    expect(
      hasResource(text, IamRolePolicyAttachment.tfResourceType, {
        policy_arn: 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy',
      }),
    ).toBe(true);
    expect(JSON.parse(resources(json, 'aws_iam_role')[0]?.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const policies = resources(json, IamRolePolicy.tfResourceType);
    expect(policies).toHaveLength(1);
    expect(JSON.parse(policies[0]?.policy).Statement.map((s: TfJson) => [s.Sid, s.Effect])).toEqual([
      ['EcrLogin', 'Allow'],
      ['EcrPull', 'Allow'],
    ]);
  });

  it('adds a named inline policy for statements that need the role first', () => {
    const json = synth({}, (role) =>
      role.addPolicy('secrets', [{ Sid: 'Decrypt', Action: ['kms:Decrypt'], Resource: 'arn:aws:kms:k' }]),
    );
    const added = resources(json, IamRolePolicy.tfResourceType).find((p) => p.name === 'app-secrets');
    expect(JSON.parse(added?.policy).Statement).toEqual([
      { Effect: 'Allow', Sid: 'Decrypt', Action: ['kms:Decrypt'], Resource: 'arn:aws:kms:k' },
    ]);
  });

  it('lets the SSM agent open sessions and run commands, with every action spelled out and no parameter read', () => {
    expect(sessionManagerStatements()).toEqual([
      {
        Sid: 'SessionManager',
        Action: [
          'ssm:UpdateInstanceInformation',
          'ssmmessages:CreateControlChannel',
          'ssmmessages:CreateDataChannel',
          'ssmmessages:OpenControlChannel',
          'ssmmessages:OpenDataChannel',
        ],
        Resource: '*',
      },
      {
        Sid: 'RunCommand',
        Action: [
          'ec2messages:AcknowledgeMessage',
          'ec2messages:DeleteMessage',
          'ec2messages:FailMessage',
          'ec2messages:GetEndpoint',
          'ec2messages:GetMessages',
          'ec2messages:SendReply',
        ],
        Resource: '*',
      },
    ]);
  });

  it('refuses any wildcard in an action, admin and parameter-reading managed policies, and an empty policy', () => {
    const role = (props: Partial<InstanceRoleProps>) => () => synth(props);
    expect(role({ statements: [{ Sid: 'All', Action: ['*'], Resource: '*' }] })).toThrow(
      /statements\[All\]\.Action must not use wildcard "\*"/,
    );
    expect(role({ statements: [{ Sid: 'Ecr', Action: ['ecr:*'], Resource: 'arn' }] })).toThrow(
      /wildcard "ecr:\*"/,
    );
    expect(role({ statements: [{ Sid: 'Read', Action: ['ssm:GetParameter*'], Resource: '*' }] })).toThrow(
      /statements\[Read\]\.Action must not use wildcard "ssm:GetParameter\*"/,
    );
    expect(role({ managedPolicies: ['AdministratorAccess'] })).toThrow(
      /managedPolicies must not include AdministratorAccess/,
    );
    expect(role({ managedPolicies: ['AmazonSSMManagedInstanceCore'] })).toThrow(
      /managedPolicies must not include AmazonSSMManagedInstanceCore: it grants ssm:GetParameter\* on every parameter/,
    );
    expect(role({ statements: [] })).toThrow(/statements must hold at least one statement/);
    expect(() =>
      synth({}, (r) => r.addPolicy('x', [{ Sid: 'Kms', Action: ['kms:*'], Resource: 'arn' }])),
    ).toThrow(/addPolicy\(x\)\[Kms\]\.Action must not use wildcard "kms:\*"/);
  });
});
