import type { PolicyStatement } from '../constructs/instance-role';

/**
 * What Terraform's AWS provider (hashicorp/aws 5.100) calls to create, read, update and delete
 * each resource type the stacks hold, beyond the read-only `Describe*`/`Get*`/`List*` every
 * service statement carries. A resource type the stacks gain without an entry here fails
 * test/iam-policy.test.ts, so the policy cannot fall behind the code.
 */
export const ACTIONS_BY_RESOURCE_TYPE: Readonly<Record<string, readonly string[]>> = {
  aws_vpc: ['ec2:CreateVpc', 'ec2:DeleteVpc', 'ec2:ModifyVpcAttribute'],
  aws_subnet: ['ec2:CreateSubnet', 'ec2:DeleteSubnet', 'ec2:ModifySubnetAttribute'],
  aws_internet_gateway: [
    'ec2:CreateInternetGateway',
    'ec2:AttachInternetGateway',
    'ec2:DetachInternetGateway',
    'ec2:DeleteInternetGateway',
  ],
  aws_route_table: ['ec2:CreateRouteTable', 'ec2:DeleteRouteTable'],
  aws_route: ['ec2:CreateRoute', 'ec2:ReplaceRoute', 'ec2:DeleteRoute'],
  aws_route_table_association: [
    'ec2:AssociateRouteTable',
    'ec2:DisassociateRouteTable',
    'ec2:ReplaceRouteTableAssociation',
  ],
  aws_eip: ['ec2:AllocateAddress', 'ec2:ReleaseAddress', 'ec2:AssociateAddress', 'ec2:DisassociateAddress'],
  aws_nat_gateway: ['ec2:CreateNatGateway', 'ec2:DeleteNatGateway'],
  // The provider removes the default allow-all egress rule of a new group.
  aws_security_group: ['ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup', 'ec2:RevokeSecurityGroupEgress'],
  aws_vpc_security_group_ingress_rule: [
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:RevokeSecurityGroupIngress',
    'ec2:ModifySecurityGroupRules',
    'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
  ],
  aws_vpc_security_group_egress_rule: [
    'ec2:AuthorizeSecurityGroupEgress',
    'ec2:RevokeSecurityGroupEgress',
    'ec2:ModifySecurityGroupRules',
    'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
  ],
  aws_key_pair: ['ec2:ImportKeyPair', 'ec2:DeleteKeyPair'],
  aws_launch_template: [
    'ec2:CreateLaunchTemplate',
    'ec2:CreateLaunchTemplateVersion',
    'ec2:ModifyLaunchTemplate',
    'ec2:DeleteLaunchTemplate',
  ],
  // The launch templates name their AMI as resolve:ssm:/aws/service/ami-amazon-linux-latest/...,
  // which RunInstances resolves with the caller's ssm:GetParameters.
  aws_instance: [
    'ec2:RunInstances',
    'ec2:TerminateInstances',
    'ec2:StartInstances',
    'ec2:StopInstances',
    'ec2:ModifyInstanceAttribute',
    'ec2:ModifyInstanceMetadataOptions',
    'iam:PassRole',
    'ssm:GetParameters',
  ],
  // The first load balancer of an account creates the ELB service-linked role.
  aws_lb: [
    'elasticloadbalancing:CreateLoadBalancer',
    'elasticloadbalancing:DeleteLoadBalancer',
    'elasticloadbalancing:ModifyLoadBalancerAttributes',
    'elasticloadbalancing:SetSecurityGroups',
    'elasticloadbalancing:SetSubnets',
    'iam:CreateServiceLinkedRole',
  ],
  aws_lb_target_group: [
    'elasticloadbalancing:CreateTargetGroup',
    'elasticloadbalancing:DeleteTargetGroup',
    'elasticloadbalancing:ModifyTargetGroup',
    'elasticloadbalancing:ModifyTargetGroupAttributes',
  ],
  aws_lb_listener: [
    'elasticloadbalancing:CreateListener',
    'elasticloadbalancing:DeleteListener',
    'elasticloadbalancing:ModifyListener',
  ],
  aws_lb_target_group_attachment: [
    'elasticloadbalancing:RegisterTargets',
    'elasticloadbalancing:DeregisterTargets',
  ],
  // force_delete empties the repository on destroy.
  aws_ecr_repository: [
    'ecr:CreateRepository',
    'ecr:DeleteRepository',
    'ecr:PutImageScanningConfiguration',
    'ecr:PutImageTagMutability',
    'ecr:TagResource',
    'ecr:UntagResource',
    'ecr:BatchDeleteImage',
  ],
  aws_ecr_lifecycle_policy: ['ecr:PutLifecyclePolicy', 'ecr:DeleteLifecyclePolicy'],
  aws_iam_role: [
    'iam:CreateRole',
    'iam:DeleteRole',
    'iam:UpdateRole',
    'iam:UpdateAssumeRolePolicy',
    'iam:TagRole',
    'iam:UntagRole',
  ],
  aws_iam_role_policy: ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
  aws_iam_instance_profile: [
    'iam:CreateInstanceProfile',
    'iam:DeleteInstanceProfile',
    'iam:AddRoleToInstanceProfile',
    'iam:RemoveRoleFromInstanceProfile',
    'iam:TagInstanceProfile',
    'iam:UntagInstanceProfile',
  ],
  aws_kms_key: [
    'kms:CreateKey',
    'kms:PutKeyPolicy',
    'kms:EnableKeyRotation',
    'kms:DisableKeyRotation',
    'kms:TagResource',
    'kms:UntagResource',
    'kms:UpdateKeyDescription',
    'kms:ScheduleKeyDeletion',
  ],
  aws_kms_alias: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
  aws_ssm_parameter: [
    'ssm:PutParameter',
    'ssm:DeleteParameter',
    'ssm:AddTagsToResource',
    'ssm:RemoveTagsFromResource',
  ],
};

export interface DeployerPolicyOptions {
  /** The `project` variable: it prefixes every name the policy scopes to. */
  readonly project: string;
  /** The `state_bucket`, or undefined for local state. */
  readonly stateBucket?: string | undefined;
}

const actionsOf = (prefix: string) =>
  [
    ...new Set(
      Object.values(ACTIONS_BY_RESOURCE_TYPE)
        .flat()
        .filter((a) => a.startsWith(`${prefix}:`)),
    ),
  ].sort();

/**
 * The identity policy for whoever runs `make plan`/`apply`/`destroy`/`outputs` and
 * `make jenkins-secrets`, grouped by service and scoped to the project's names where AWS allows
 * it. EC2 creates resources before they have a name or tag a policy could match, so its writes
 * are on `*` (the actions themselves are spelled out).
 */
export function deployerPolicy(o: DeployerPolicyOptions): { Version: string; Statement: PolicyStatement[] } {
  const p = o.project;
  const statements: PolicyStatement[] = [
    {
      Sid: 'Ec2',
      Action: ['ec2:Describe*', 'ec2:CreateTags', 'ec2:DeleteTags', ...actionsOf('ec2')],
      Resource: '*',
    },
    {
      // The launch templates' AMI, a public AWS parameter.
      Sid: 'ResolveAmi',
      Action: ['ssm:GetParameters', 'ssm:GetParameter'],
      Resource: 'arn:aws:ssm:*::parameter/aws/service/ami-amazon-linux-latest/*',
    },
    { Sid: 'LoadBalancingRead', Action: ['elasticloadbalancing:Describe*'], Resource: '*' },
    {
      Sid: 'LoadBalancing',
      Action: [
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:RemoveTags',
        ...actionsOf('elasticloadbalancing'),
      ],
      Resource: [
        `arn:aws:elasticloadbalancing:*:*:loadbalancer/app/${p}-*/*`,
        `arn:aws:elasticloadbalancing:*:*:targetgroup/${p}-*/*`,
        `arn:aws:elasticloadbalancing:*:*:listener/app/${p}-*/*`,
      ],
    },
    {
      Sid: 'Registry',
      Action: ['ecr:Describe*', 'ecr:Get*', 'ecr:List*', ...actionsOf('ecr')],
      Resource: `arn:aws:ecr:*:*:repository/${p}-*`,
    },
    {
      Sid: 'Roles',
      Action: [
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:GetInstanceProfile',
        'iam:ListRolePolicies',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
        ...actionsOf('iam').filter((a) => a !== 'iam:PassRole' && a !== 'iam:CreateServiceLinkedRole'),
      ],
      Resource: [`arn:aws:iam::*:role/${p}-*`, `arn:aws:iam::*:instance-profile/${p}-*`],
    },
    {
      // Only to EC2: the instance profiles the stacks create.
      Sid: 'PassRolesToEc2',
      Action: ['iam:PassRole'],
      Resource: `arn:aws:iam::*:role/${p}-*`,
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    },
    {
      Sid: 'LoadBalancingServiceRole',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: 'arn:aws:iam::*:role/aws-service-role/elasticloadbalancing.amazonaws.com/*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      // A new key has no name yet; its alias does.
      Sid: 'SecretsKey',
      Action: [
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListResourceTags',
        'kms:ListAliases',
        ...actionsOf('kms'),
      ],
      Resource: '*',
    },
    {
      Sid: 'Parameters',
      Action: [
        'ssm:GetParameter',
        'ssm:GetParameters',
        'ssm:ListTagsForResource',
        ...actionsOf('ssm'),
      ].filter((a, i, all) => all.indexOf(a) === i),
      Resource: `arn:aws:ssm:*:*:parameter/${p}/*`,
    },
    { Sid: 'ParametersRead', Action: ['ssm:DescribeParameters'], Resource: '*' },
    {
      // make jenkins-secrets: encrypt the SecureStrings (never decrypt), through SSM only.
      Sid: 'EncryptJenkinsSecrets',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: { StringLike: { 'kms:ViaService': 'ssm.*.amazonaws.com' } },
    },
    {
      // make jenkins-secrets: run bootstrap.sh's configure phase, with this document only...
      Sid: 'RunShellScript',
      Action: ['ssm:SendCommand'],
      Resource: 'arn:aws:ssm:*::document/AWS-RunShellScript',
    },
    {
      // ...on the project's instances only (the provider's default tags put Project on each).
      Sid: 'OnProjectInstances',
      Action: ['ssm:SendCommand'],
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { StringEquals: { 'ssm:resourceTag/Project': p } },
    },
    {
      Sid: 'FollowCommands',
      Action: ['ssm:GetCommandInvocation', 'ssm:ListCommandInvocations'],
      Resource: '*',
    },
    { Sid: 'WhoAmI', Action: ['sts:GetCallerIdentity'], Resource: '*' },
  ];
  if (o.stateBucket) {
    statements.push(
      { Sid: 'StateBucket', Action: ['s3:ListBucket'], Resource: `arn:aws:s3:::${o.stateBucket}` },
      {
        // <project>/<stack>.tfstate and its lock file (use_lockfile).
        Sid: 'StateObjects',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: `arn:aws:s3:::${o.stateBucket}/${p}/*`,
      },
    );
  }
  return { Version: '2012-10-17', Statement: statements.map((s) => ({ Effect: 'Allow', ...s })) };
}
