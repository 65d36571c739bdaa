import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { ecrPullStatements, InstanceRole } from '../src/constructs/instance-role';
import { hasResource } from './helpers';

describe('InstanceRole', () => {
  it('creates a role EC2 can assume, an instance profile and the managed policies', () => {
    const synth = Testing.synthScope((scope) => {
      new InstanceRole(scope, 'role', {
        name: 'app',
        statements: ecrPullStatements('arn:aws:ecr:eu-west-1:1:repository/r'),
        managedPolicies: ['AmazonSSMManagedInstanceCore'],
      });
    });
    expect(hasResource(synth, IamInstanceProfile.tfResourceType, { name: 'app' })).toBe(true);
    expect(
      hasResource(synth, IamRolePolicyAttachment.tfResourceType, {
        policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      }),
    ).toBe(true);
    expect(synth).toContain('ec2.amazonaws.com');
  });

  it('refuses wildcard actions, admin policies and an empty policy', () => {
    const role = (props: Partial<ConstructorParameters<typeof InstanceRole>[2]>) => () =>
      Testing.synthScope((scope) => {
        new InstanceRole(scope, 'role', { name: 'r', statements: ecrPullStatements('arn'), ...props });
      });
    expect(role({ statements: [{ Sid: 'All', Action: ['*'], Resource: '*' }] })).toThrow(
      /statements\[All\]\.Action must not use wildcard "\*"/,
    );
    expect(role({ statements: [{ Sid: 'Ecr', Action: ['ecr:*'], Resource: 'arn' }] })).toThrow(
      /wildcard "ecr:\*"/,
    );
    expect(role({ managedPolicies: ['AdministratorAccess'] })).toThrow(
      /managedPolicies must not include AdministratorAccess/,
    );
    expect(role({ statements: [] })).toThrow(/statements must hold at least one statement/);
  });
});
