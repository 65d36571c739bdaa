import { Instance } from '@cdktf/provider-aws/lib/instance';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { LbTargetGroupAttachment } from '@cdktf/provider-aws/lib/lb-target-group-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, type IResolvable, TerraformCount, TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';
import { checkAdminCidrs } from './admin-cidrs';
import { hardenedLaunchTemplate } from './app-launch-template';
import { ecrPullStatements, InstanceRole, sessionManagerStatements } from './instance-role';
import { splat } from './splat';

export interface EnvironmentProps {
  /** Project name, the prefix of every resource name. */
  readonly project: string;
  /** Environment name: lowercase letters only, e.g. `staging`. */
  readonly environment: string;
  readonly vpcId: string;
  /** Public subnets the ALB and the instances spread over (at least 2). */
  readonly subnetIds: string[];
  /** ARN of the ECR repository the instances pull from. */
  readonly ecrRepositoryArn: string;
  /** Security group of the Jenkins build agent, where deploys run: it may SSH to the instances. */
  readonly jenkinsAgentSecurityGroupId: string;
  /** Name of the EC2 key pair installed on the instances. */
  readonly keyName: string;
  /** Number of app instances (1-10). @default 2 */
  readonly instanceCount?: number;
  /** Instance type of the app instances. @default 't3.small' */
  readonly instanceType?: string;
  /** Port the service listens on (1024-65535). @default 3000 */
  readonly appPort?: number;
  /** Extra CIDRs allowed to SSH to the instances; never a /0. @default [] */
  readonly adminCidrs?: string[];
  /** ACM certificate ARN; non-empty adds HTTPS and turns HTTP into a redirect. @default '' */
  readonly certificateArn?: string;
  /** Protect the ALB from deletion (production). @default false */
  readonly deletionProtection?: boolean | IResolvable;
  /** Health-check path the target group probes. @default '/health' */
  readonly healthCheckPath?: string;
  /** Seconds the ALB lets in-flight requests finish when a target leaves: above the longest request. @default 15 */
  readonly deregistrationDelay?: number;
  /** Root volume size in GiB. @default 20 */
  readonly rootVolumeGiB?: number;
}

const checkRange = (prop: string, value: number | undefined, min: number, max: number) => {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Environment: ${prop} must be a whole number from ${min} to ${max}, got ${value}.`);
  }
};

/** One environment: an ALB, its target group and N app instances behind it. */
export class Environment extends Construct {
  public readonly alb: Lb;
  public readonly albSecurityGroup: SecurityGroup;
  public readonly instanceSecurityGroup: SecurityGroup;
  public readonly targetGroup: LbTargetGroup;
  public readonly instances: Instance;
  public readonly role: InstanceRole;

  constructor(scope: Construct, id: string, props: EnvironmentProps) {
    super(scope, id);
    if (!/^[a-z]{2,12}$/.test(props.environment)) {
      throw new Error(`Environment: environment must be 2-12 lowercase letters, got "${props.environment}".`);
    }
    checkRange('instanceCount', props.instanceCount, 1, 10);
    checkRange('appPort', props.appPort, 1024, 65535);
    checkRange('deregistrationDelay', props.deregistrationDelay, 0, 3600);
    checkRange('rootVolumeGiB', props.rootVolumeGiB, 8, 1024);
    if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) {
      throw new Error(`Environment: subnetIds must hold at least 2 subnets (an ALB spans two AZs).`);
    }
    checkAdminCidrs('Environment', props.adminCidrs);
    const env = props.environment;
    const name = `${props.project}-${env}`;
    const port = props.appPort ?? 3000;
    const certificateArn = props.certificateArn ?? '';
    const tags = { Environment: env };

    this.albSecurityGroup = new SecurityGroup(this, 'alb-sg', {
      name: `${name}-alb`,
      description: `${env} ALB: HTTP(S) from anywhere`,
      vpcId: props.vpcId,
      tags: { ...tags, Role: 'alb', Name: `${name}-alb` },
    });
    this.instanceSecurityGroup = new SecurityGroup(this, 'app-sg', {
      name: `${name}-app`,
      description: `${env} app instances: app port from the ALB, SSH from the Jenkins agent and admins`,
      vpcId: props.vpcId,
      tags: { ...tags, Role: 'app', Name: `${name}-app` },
    });
    for (const [rule, listenPort] of [
      ['http', 80],
      ['https', 443],
    ] as const) {
      new VpcSecurityGroupIngressRule(this, `alb-${rule}`, {
        securityGroupId: this.albSecurityGroup.id,
        description: `${rule.toUpperCase()} from anywhere`,
        ipProtocol: 'tcp',
        fromPort: listenPort,
        toPort: listenPort,
        cidrIpv4: '0.0.0.0/0',
      });
    }
    new VpcSecurityGroupEgressRule(this, 'alb-to-app', {
      securityGroupId: this.albSecurityGroup.id,
      description: 'To the app port of this environment',
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: this.instanceSecurityGroup.id,
    });
    new VpcSecurityGroupIngressRule(this, 'app-from-alb', {
      securityGroupId: this.instanceSecurityGroup.id,
      description: 'App port from this environment ALB only',
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      referencedSecurityGroupId: this.albSecurityGroup.id,
    });
    // Deploys run on the Jenkins build agent, inside the VPC, so they reach the instances' private
    // addresses (`deploy rollout --address private`): a rule naming a security group matches only
    // those.
    new VpcSecurityGroupIngressRule(this, 'ssh-from-jenkins-agent', {
      securityGroupId: this.instanceSecurityGroup.id,
      description: 'SSH from the Jenkins build agent (deploys)',
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      referencedSecurityGroupId: props.jenkinsAgentSecurityGroupId,
    });
    const admins = TerraformIterator.fromList(props.adminCidrs ?? []);
    new VpcSecurityGroupIngressRule(this, 'ssh-from-admins', {
      forEach: admins,
      securityGroupId: this.instanceSecurityGroup.id,
      description: 'SSH from an admin CIDR',
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      cidrIpv4: admins.value,
    });
    new VpcSecurityGroupEgressRule(this, 'app-egress', {
      securityGroupId: this.instanceSecurityGroup.id,
      description: 'Outbound: ECR, OS packages, SSM',
      ipProtocol: '-1',
      cidrIpv4: '0.0.0.0/0',
    });

    this.alb = new Lb(this, 'alb', {
      name,
      loadBalancerType: 'application',
      internal: false,
      securityGroups: [this.albSecurityGroup.id],
      subnets: props.subnetIds,
      enableDeletionProtection: props.deletionProtection ?? false,
      dropInvalidHeaderFields: true,
      tags: { ...tags, Role: 'alb' },
    });
    this.targetGroup = new LbTargetGroup(this, 'tg', {
      name,
      port,
      protocol: 'HTTP',
      targetType: 'instance',
      vpcId: props.vpcId,
      deregistrationDelay: String(props.deregistrationDelay ?? 15),
      // Failure detection is interval x unhealthy threshold + timeout = 13 s, which the service's
      // drain outlasts; a target rejoins after 2 checks, ~10 s. docs/deploy.md, "Timings", and
      // test/timings.test.ts hold these against the Ansible variables and the service.
      healthCheck: {
        path: props.healthCheckPath ?? '/health',
        matcher: '200',
        interval: 5,
        timeout: 3,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
      },
      tags,
    });

    // Validation makes the ARN empty or `arn:...`; cdktf's Op drops '' operands, so test the prefix.
    const hasCertificate = Fn.startswith(certificateArn, 'arn:');
    const https = Fn.conditional(hasCertificate, 1, 0);
    this.scheme = Token.asString(Fn.conditional(hasCertificate, 'https', 'http'));
    new LbListener(this, 'https', {
      count: Token.asNumber(https),
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
    new LbListener(this, 'http-redirect', {
      count: Token.asNumber(https),
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [
        { type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', statusCode: 'HTTP_301' } },
      ],
    });
    new LbListener(this, 'http', {
      count: Token.asNumber(Fn.conditional(hasCertificate, 0, 1)),
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });

    // Pull the image and open an SSM session: no parameter, no secret, nothing else.
    this.role = new InstanceRole(this, 'role', {
      name: `${name}-app`,
      statements: [...ecrPullStatements(props.ecrRepositoryArn), ...sessionManagerStatements()],
    });
    const template = hardenedLaunchTemplate(this, 'template', {
      name: `${name}-app`,
      instanceType: props.instanceType ?? 't3.small',
      keyName: props.keyName,
      securityGroupIds: [this.instanceSecurityGroup.id],
      instanceProfileArn: this.role.profile.arn,
      rootVolumeGiB: props.rootVolumeGiB ?? 20,
      tags: { ...tags, Role: 'app' },
    });
    const count = TerraformCount.of(props.instanceCount ?? 2);
    this.instances = new Instance(this, 'instance', {
      count,
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      subnetId: Fn.element(props.subnetIds, count.index),
      // count.index is a number token: interpolated raw it would print as a huge float.
      tags: { ...tags, Role: 'app', Name: `${name}-${Token.asString(count.index)}` },
      lifecycle: { ignoreChanges: ['launch_template'] },
    });
    new LbTargetGroupAttachment(this, 'attachment', {
      count,
      targetGroupArn: this.targetGroup.arn,
      targetId: Fn.element(splat(this.instances, 'id'), count.index),
      port,
    });
  }

  /** `https` when a certificate is set, else `http`. */
  public readonly scheme: string;

  /** Instance ids, in index order. */
  public get instanceIds(): string[] {
    return splat(this.instances, 'id');
  }
  public get instancePublicIps(): string[] {
    return splat(this.instances, 'public_ip');
  }
  public get instancePrivateIps(): string[] {
    return splat(this.instances, 'private_ip');
  }
}
