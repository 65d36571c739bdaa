import { Instance } from '@cdktf/provider-aws/lib/instance';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { terraformString } from '../jenkins/user-data';
import { hardenedLaunchTemplate } from './app-launch-template';
import { InstanceRole, type PolicyStatement, sessionManagerStatements } from './instance-role';

export interface JenkinsAgentProps {
  /** Project name, the prefix of every resource name. */
  readonly project: string;
  readonly region: string;
  readonly vpcId: string;
  /** Subnet the agent runs in (it needs outbound internet: git, registries, npm). */
  readonly subnetId: string;
  readonly keyName: string;
  /** ECR repository the pipeline pushes to. */
  readonly ecrRepositoryArn: string;
  /** Security group of the Jenkins controller: the only source SSH is admitted from. */
  readonly controllerSecurityGroupId: string;
  /** Rendered `#cloud-config` (may hold tokens); it is gzipped and base64-encoded here. */
  readonly userData: string;
  /** @default 't3.medium' */
  readonly instanceType?: string;
  /** Root volume size in GiB (build images, layers, workspaces). @default 50 */
  readonly rootVolumeGiB?: number;
  /** SSM prefix of the agent's address and SSH keys. @default `/<project>/agent` */
  readonly ssmPrefix?: string;
  /** SSM prefix of the deploy contracts the Deploy stage reads. @default `/<project>/deploy` */
  readonly deployParameterPrefix?: string;
}

/**
 * The Jenkins build agent: a separate instance where every build runs, in the build image, with
 * the Docker engine. It holds no Jenkins secret and its role reaches only what the pipeline does:
 * push to the project's repository, read the deploy contracts, drain and refill the project's
 * target groups. SSH is admitted from the controller only.
 */
export class JenkinsAgent extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly instance: Instance;
  public readonly role: InstanceRole;
  /** `/<project>/agent/address`: the agent's private IP, which the controller connects to. */
  public readonly addressParameter: SsmParameter;

  constructor(scope: Construct, id: string, props: JenkinsAgentProps) {
    super(scope, id);
    const size = props.rootVolumeGiB ?? 50;
    if (!Token.isUnresolved(size) && (size < 30 || size > 1024)) {
      throw new Error(`JenkinsAgent: rootVolumeGiB must be from 30 to 1024, got ${size}.`);
    }
    const name = `${props.project}-jenkins-agent`;
    const ssmPrefix = props.ssmPrefix ?? `/${props.project}/agent`;
    const deployPrefix = props.deployParameterPrefix ?? `/${props.project}/deploy`;
    const parameterArn = (path: string) => `arn:aws:ssm:${props.region}:*:parameter${path}`;

    this.securityGroup = new SecurityGroup(this, 'sg', {
      name,
      description: 'Jenkins build agent: SSH from the Jenkins controller only',
      vpcId: props.vpcId,
      tags: { Role: 'jenkins-agent', Name: name },
    });
    new VpcSecurityGroupIngressRule(this, 'ssh-from-controller', {
      securityGroupId: this.securityGroup.id,
      description: 'SSH from the Jenkins controller (it starts the agent process)',
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      referencedSecurityGroupId: props.controllerSecurityGroupId,
    });
    new VpcSecurityGroupEgressRule(this, 'egress', {
      securityGroupId: this.securityGroup.id,
      description: 'Outbound: git, registries, ECR, SSH to the app instances',
      ipProtocol: '-1',
      cidrIpv4: '0.0.0.0/0',
    });

    const statements: PolicyStatement[] = [
      { Sid: 'EcrLogin', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
      {
        Sid: 'EcrPush',
        Action: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:CompleteLayerUpload',
          'ecr:DescribeImages',
          'ecr:GetDownloadUrlForLayer',
          'ecr:InitiateLayerUpload',
          'ecr:ListImages',
          'ecr:PutImage',
          'ecr:UploadLayerPart',
        ],
        Resource: props.ecrRepositoryArn,
      },
      {
        // Describe calls support no resource-level scoping.
        Sid: 'Describe',
        Action: [
          'ec2:DescribeInstances',
          'ec2:DescribeTags',
          'elasticloadbalancing:DescribeLoadBalancers',
          'elasticloadbalancing:DescribeTags',
          'elasticloadbalancing:DescribeTargetGroupAttributes',
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth',
        ],
        Resource: '*',
      },
      {
        Sid: 'RollingDeploy',
        Action: ['elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:RegisterTargets'],
        Resource: `arn:aws:elasticloadbalancing:${props.region}:*:targetgroup/${props.project}-*/*`,
      },
      {
        // The deploy's bake watches the target group through alarms named <project>-<env>-bake-*
        // (ansible/roles/app/tasks/bake_alb.yml).
        Sid: 'BakeAlarms',
        Action: ['cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm'],
        Resource: `arn:aws:cloudwatch:${props.region}:*:alarm:${props.project}-*-bake-*`,
      },
      {
        // One parameter per environment (`/<project>/deploy/staging`), read by name.
        Sid: 'ReadDeployContracts',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: parameterArn(`${deployPrefix}/*`),
      },
      {
        // The controller pins this host key; the agent publishes it at boot.
        Sid: 'PublishHostKey',
        Action: ['ssm:PutParameter'],
        Resource: parameterArn(`${ssmPrefix}/host-key`),
      },
      {
        // sshd looks the controller's public key up at each login.
        Sid: 'ReadControllerKey',
        Action: ['ssm:GetParameter'],
        Resource: parameterArn(`${ssmPrefix}/authorized-key`),
      },
      // Admins get in with Session Manager (no SSH rule admits them).
      ...sessionManagerStatements(),
    ];
    // No AWS-managed policy: AmazonSSMManagedInstanceCore would let every build read every
    // parameter of the account, the Jenkins secrets among them.
    this.role = new InstanceRole(this, 'role', { name, statements });
    const template = hardenedLaunchTemplate(this, 'template', {
      name,
      instanceType: props.instanceType ?? 't3.medium',
      keyName: props.keyName,
      securityGroupIds: [this.securityGroup.id],
      instanceProfileArn: this.role.profile.arn,
      rootVolumeGiB: size,
      tags: { Role: 'jenkins-agent' },
      userDataBase64: Fn.base64gzip(terraformString(props.userData)),
    });
    this.instance = new Instance(this, 'instance', {
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      subnetId: props.subnetId,
      tags: { Role: 'jenkins-agent', Name: name },
      // A new agent is a new host key the controller must re-read: replace it deliberately.
      lifecycle: { ignoreChanges: ['launch_template'] },
    });
    // Written by Terraform, not by the agent: a build on the agent cannot point the controller at
    // another machine.
    this.addressParameter = new SsmParameter(this, 'address', {
      name: `${ssmPrefix}/address`,
      description: 'Private IP of the Jenkins build agent (the controller connects to it over SSH).',
      type: 'String',
      value: this.instance.privateIp,
    });
  }
}
