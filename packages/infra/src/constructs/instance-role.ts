import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
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
  /** Inline policy statements. Actions must be spelled out: any `*` in an action is refused. */
  readonly statements: PolicyStatement[];
  /** AWS-managed policy names to attach, e.g. `CloudWatchAgentServerPolicy`. @default [] */
  readonly managedPolicies?: string[];
}

/** Managed policies no instance gets, and why. */
const FORBIDDEN_MANAGED: Record<string, string> = {
  AdministratorAccess: 'it grants every action',
  PowerUserAccess: 'it grants every action but IAM',
  IAMFullAccess: 'it lets the instance grant itself anything',
  AmazonSSMManagedInstanceCore:
    'it grants ssm:GetParameter* on every parameter (the Jenkins secrets too); use sessionManagerStatements()',
};

/**
 * A policy document as JSON text. Tokens (ARNs known after apply) become `${...}` templates
 * inside the strings, so the synthesized policy stays plain JSON a test can parse.
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({ Effect: 'Allow', ...s })),
  });
}

function checkStatements(where: string, statements: readonly PolicyStatement[]): void {
  if (statements.length === 0) {
    throw new Error(`InstanceRole: ${where} must hold at least one statement.`);
  }
  for (const s of statements) {
    // `ssm:GetParameter*` is as dangerous as `ssm:*`: it is how every parameter becomes readable.
    const wild = s.Action.find((a) => a.includes('*'));
    if (wild) throw new Error(`InstanceRole: ${where}[${s.Sid}].Action must not use wildcard "${wild}".`);
  }
}

/** An EC2 role with an instance profile and least-privilege inline policies. */
export class InstanceRole extends Construct {
  public readonly role: IamRole;
  public readonly profile: IamInstanceProfile;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: InstanceRoleProps) {
    super(scope, id);
    checkStatements('statements', props.statements);
    for (const m of props.managedPolicies ?? []) {
      const why = FORBIDDEN_MANAGED[m];
      if (why) throw new Error(`InstanceRole: managedPolicies must not include ${m}: ${why}.`);
    }
    this.name = props.name;
    this.role = new IamRole(this, 'role', {
      name: props.name,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    });
    new IamRolePolicy(this, 'policy', {
      name: props.name,
      role: this.role.id,
      policy: policyDocument(props.statements),
    });
    for (const m of props.managedPolicies ?? []) {
      new IamRolePolicyAttachment(this, `managed-${m}`, {
        role: this.role.name,
        policyArn: `arn:aws:iam::aws:policy/${m}`,
      });
    }
    this.profile = new IamInstanceProfile(this, 'profile', { name: props.name, role: this.role.name });
  }

  /**
   * Adds an inline policy named `<role>-<id>`. For statements on resources that need the role's
   * ARN first (a KMS key whose key policy names this role), which would otherwise be a cycle.
   */
  public addPolicy(id: string, statements: PolicyStatement[]): IamRolePolicy {
    checkStatements(`addPolicy(${id})`, statements);
    return new IamRolePolicy(this, `policy-${id}`, {
      name: `${this.name}-${id}`,
      role: this.role.id,
      policy: policyDocument(statements),
    });
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

/**
 * What the SSM agent needs for Session Manager and Run Command, and nothing more: the AWS
 * minimum for Session Manager (`ssm:UpdateInstanceInformation` and the four `ssmmessages`
 * channel actions) plus the `ec2messages` actions Run Command uses. Instead of
 * AmazonSSMManagedInstanceCore, which also grants `ssm:GetParameter*` on every parameter.
 * None of these actions can be scoped to a resource.
 */
export function sessionManagerStatements(): PolicyStatement[] {
  return [
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
  ];
}
