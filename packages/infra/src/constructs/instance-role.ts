import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

/** One IAM policy statement. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect?: 'Allow' | 'Deny';
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface InstanceRoleProps {
  /** Role and instance profile name. */
  readonly name: string;
  /** Inline policy statements. Wildcard actions (`*`, `service:*`) are refused. */
  readonly statements: PolicyStatement[];
  /** AWS-managed policy names to attach, e.g. `AmazonSSMManagedInstanceCore`. @default [] */
  readonly managedPolicies?: string[];
}

const FORBIDDEN_MANAGED = new Set(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess']);

/** An EC2 role with an instance profile and least-privilege inline policy. */
export class InstanceRole extends Construct {
  public readonly role: IamRole;
  public readonly profile: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: InstanceRoleProps) {
    super(scope, id);
    if (props.statements.length === 0) {
      throw new Error('InstanceRole: statements must hold at least one statement.');
    }
    for (const s of props.statements) {
      const wild = s.Action.find((a) => a === '*' || a.endsWith(':*'));
      if (wild) throw new Error(`InstanceRole: statements[${s.Sid}].Action must not use wildcard "${wild}".`);
    }
    for (const m of props.managedPolicies ?? []) {
      if (FORBIDDEN_MANAGED.has(m)) throw new Error(`InstanceRole: managedPolicies must not include ${m}.`);
    }
    this.role = new IamRole(this, 'role', {
      name: props.name,
      assumeRolePolicy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    });
    new IamRolePolicy(this, 'policy', {
      name: props.name,
      role: this.role.id,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: props.statements.map((s) => ({ Effect: 'Allow', ...s })),
      }),
    });
    for (const m of props.managedPolicies ?? []) {
      new IamRolePolicyAttachment(this, `managed-${m}`, {
        role: this.role.name,
        policyArn: `arn:aws:iam::aws:policy/${m}`,
      });
    }
    this.profile = new IamInstanceProfile(this, 'profile', { name: props.name, role: this.role.name });
  }
}

/** Statements that let an instance pull one ECR repository. */
export function ecrPullStatements(repositoryArn: string): PolicyStatement[] {
  return [
    { Sid: 'EcrLogin', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
    {
      Sid: 'EcrPull',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      Resource: repositoryArn,
    },
  ];
}
