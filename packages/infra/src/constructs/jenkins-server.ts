import { Eip } from '@cdktf/provider-aws/lib/eip';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';
import { terraformString } from '../jenkins/user-data';
import { checkAdminCidrs } from './admin-cidrs';
import { hardenedLaunchTemplate } from './app-launch-template';
import { InstanceRole, type PolicyStatement, sessionManagerStatements } from './instance-role';

/** Port of the Jenkins web UI. */
export const JENKINS_PORT = 8080;

export interface JenkinsServerProps {
  /** Project name, the prefix of every resource name. */
  readonly project: string;
  readonly region: string;
  readonly vpcId: string;
  /** Public subnet the server runs in. */
  readonly subnetId: string;
  readonly keyName: string;
  /** Rendered `#cloud-config` (may hold tokens); it is gzipped and base64-encoded here. */
  readonly userData: string;
  /** CIDRs allowed to reach the UI and SSH; never a /0. Empty means nobody. @default [] */
  readonly adminCidrs?: string[];
  /** @default 't3.medium' */
  readonly instanceType?: string;
  /** SSM parameter prefix the server reads its secrets from. @default `/<project>/jenkins` */
  readonly ssmPrefix?: string;
  /** SSM prefix of the build agent's address and SSH keys. @default `/<project>/agent` */
  readonly agentSsmPrefix?: string;
  /** Root volume size in GiB (Jenkins keeps builds and images). @default 30 */
  readonly rootVolumeGiB?: number;
}

/**
 * The Jenkins server (controller): one instance with a stable Elastic IP, a locked-down SG and a
 * scoped role. It runs no build (JenkinsAgent does), so its role pushes no image and touches no
 * load balancer: it reads its secrets and exchanges SSH keys with the agent.
 */
export class JenkinsServer extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly instance: Instance;
  public readonly publicIp: Eip;
  public readonly role: InstanceRole;

  constructor(scope: Construct, id: string, props: JenkinsServerProps) {
    super(scope, id);
    const size = props.rootVolumeGiB ?? 30;
    if (!Token.isUnresolved(size) && (size < 20 || size > 1024)) {
      throw new Error(`JenkinsServer: rootVolumeGiB must be from 20 to 1024, got ${size}.`);
    }
    const admins = props.adminCidrs ?? [];
    checkAdminCidrs('JenkinsServer', admins);
    const name = `${props.project}-jenkins`;
    const ssmPrefix = props.ssmPrefix ?? `/${props.project}/jenkins`;
    const agentPrefix = props.agentSsmPrefix ?? `/${props.project}/agent`;

    this.securityGroup = new SecurityGroup(this, 'sg', {
      name,
      description: 'Jenkins: UI and SSH from admin CIDRs only',
      vpcId: props.vpcId,
      tags: { Role: 'jenkins', Name: name },
    });
    const it = TerraformIterator.fromList(admins);
    for (const [rule, port] of [
      ['ui', JENKINS_PORT],
      ['ssh', 22],
    ] as const) {
      new VpcSecurityGroupIngressRule(this, `${rule}-from-admins`, {
        forEach: it,
        securityGroupId: this.securityGroup.id,
        description: `Jenkins ${rule} from an admin CIDR`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: it.value,
      });
    }
    new VpcSecurityGroupEgressRule(this, 'egress', {
      securityGroupId: this.securityGroup.id,
      description: 'Outbound: git, plugins, SSM, SSH to the build agent',
      ipProtocol: '-1',
      cidrIpv4: '0.0.0.0/0',
    });

    const statements: PolicyStatement[] = [
      {
        // Its secrets, by name: nothing else in Parameter Store. Decrypting them is granted by the
        // secrets key (SecretsKey), not by a policy on every key. The deploy contracts are read by
        // the build agent, where the Deploy stage runs.
        Sid: 'ReadParameters',
        Action: ['ssm:GetParameter', 'ssm:GetParameters'],
        Resource: [`arn:aws:ssm:${props.region}:*:parameter${ssmPrefix}/*`],
      },
      {
        // The controller's SSH public key, which the agent's sshd reads at each login.
        Sid: 'PublishAgentKey',
        Action: ['ssm:PutParameter'],
        Resource: `arn:aws:ssm:${props.region}:*:parameter${agentPrefix}/authorized-key`,
      },
      {
        // The agent's address (Terraform) and the host key it published, which JCasC pins.
        Sid: 'ReadAgentEndpoint',
        Action: ['ssm:GetParameter'],
        Resource: [
          `arn:aws:ssm:${props.region}:*:parameter${agentPrefix}/address`,
          `arn:aws:ssm:${props.region}:*:parameter${agentPrefix}/host-key`,
        ],
      },
      ...sessionManagerStatements(),
    ];
    this.role = new InstanceRole(this, 'role', { name, statements });
    const template = hardenedLaunchTemplate(this, 'template', {
      name,
      instanceType: props.instanceType ?? 't3.medium',
      keyName: props.keyName,
      securityGroupIds: [this.securityGroup.id],
      instanceProfileArn: this.role.profile.arn,
      rootVolumeGiB: size,
      tags: { Role: 'jenkins' },
      // gzip keeps the bootstrap files under EC2's 16 KiB cap; cloud-init unzips it.
      userDataBase64: Fn.base64gzip(terraformString(props.userData)),
    });
    this.instance = new Instance(this, 'instance', {
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      subnetId: props.subnetId,
      tags: { Role: 'jenkins', Name: name },
      // Replacing the server would lose JENKINS_HOME; re-bootstrap deliberately with -replace.
      lifecycle: { ignoreChanges: ['launch_template'] },
    });
    this.publicIp = new Eip(this, 'ip', { domain: 'vpc', instance: this.instance.id, tags: { Name: name } });
  }

  /** `http://<elastic ip>:8080` */
  public get url(): string {
    return `http://${this.publicIp.publicIp}:${JENKINS_PORT}`;
  }
}
