import { KeyPair } from '@cdktf/provider-aws/lib/key-pair';
import { Fn, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { JenkinsAgent } from '../constructs/jenkins-agent';
import { JenkinsServer } from '../constructs/jenkins-server';
import { Network } from '../constructs/network';
import { Registry } from '../constructs/registry';
import { SecretsKey } from '../constructs/secrets-key';
import { renderAgentUserData, renderJenkinsUserData } from '../jenkins/user-data';
import { jenkinsBootstrapDir } from '../paths';
import { BaseStack, type BaseStackProps } from './base-stack';
import { SSH_USER } from './ssh-user';

export interface SharedStackProps extends BaseStackProps {
  /** Folder of Jenkins bootstrap files. @default the repo's `jenkins/` */
  readonly jenkinsBootstrapDir?: string;
}

/** What both environments share: the network, the registry, the key pair, Jenkins and its build agent. */
export class SharedStack extends BaseStack {
  constructor(scope: Construct, id: string, props: SharedStackProps) {
    super(scope, id, props);
    const i = this.inputs;
    const project = i.project.stringValue;
    const region = i.region.stringValue;
    // Default zones <region>a and <region>b: no aws_availability_zones lookup, so planning stays offline.
    const azs = Fn.coalescelist([
      i.availabilityZones.listValue,
      [Fn.format('%sa', [region]), Fn.format('%sb', [region])],
    ]);

    const network = new Network(this, 'network', {
      name: project,
      cidr: i.vpcCidr.stringValue,
      availabilityZones: azs,
      enablePrivateSubnets: i.enablePrivateSubnets.stringValue,
    });
    const registry = new Registry(this, 'registry', {
      name: `${project}-service`,
      keepShaImages: i.ecrKeepImages.numberValue,
      // `make destroy` must work with images in the repository: they go with it (its prompt says so).
      forceDelete: true,
    });
    const keyPair = new KeyPair(this, 'key', {
      keyName: project,
      publicKey: Fn.trimspace(i.sshPublicKey.stringValue),
    });
    const jenkins = new JenkinsServer(this, 'jenkins', {
      project,
      region,
      vpcId: network.vpc.id,
      subnetId: network.publicSubnets[0]?.id ?? '',
      keyName: keyPair.keyName,
      adminCidrs: i.adminCidrs.listValue,
      instanceType: i.jenkinsInstanceType.stringValue,
      userData: renderJenkinsUserData({
        bootstrapDir: props.jenkinsBootstrapDir ?? jenkinsBootstrapDir,
        project,
        region,
        ecrRepositoryUrl: registry.repository.repositoryUrl,
        jenkinsRepoUrl: i.jenkinsRepoUrl.stringValue,
        jenkinsRepoBranch: i.jenkinsRepoBranch.stringValue,
        appPort: i.appPort.stringValue,
      }),
    });
    // Only the Jenkins role may decrypt its secrets. The registry id is the account id: no
    // aws_caller_identity lookup, so planning stays offline.
    const secretsKey = new SecretsKey(this, 'jenkins-secrets', {
      name: `${project}-jenkins-secrets`,
      accountId: registry.repository.registryId,
      region,
      readerRoleArn: jenkins.role.role.arn,
    });
    jenkins.role.addPolicy('secrets', secretsKey.decryptStatements);
    const bootstrapDir = props.jenkinsBootstrapDir ?? jenkinsBootstrapDir;
    const agent = new JenkinsAgent(this, 'jenkins-agent', {
      project,
      region,
      vpcId: network.vpc.id,
      subnetId: network.publicSubnets[0]?.id ?? '',
      keyName: keyPair.keyName,
      ecrRepositoryArn: registry.repository.arn,
      controllerSecurityGroupId: jenkins.securityGroup.id,
      instanceType: i.jenkinsAgentInstanceType.stringValue,
      userData: renderAgentUserData({ bootstrapDir, project, region }),
    });

    // Construct ids are prefixed because outputs share a namespace with the variables.
    const out = (name: string, value: unknown, description: string) =>
      new TerraformOutput(this, `output-${name}`, { value, description }).overrideLogicalId(name);
    out('project', project, 'Project name, the prefix of every resource.');
    out('region', region, 'AWS region of every resource.');
    out('appPort', i.appPort.numberValue, 'Port the service listens on inside the instances.');
    out('sshUser', SSH_USER, 'SSH login user on every instance.');
    out('ecrRepositoryUrl', registry.repository.repositoryUrl, 'ECR repository URL the pipeline pushes to.');
    out('ecrRepositoryArn', registry.repository.arn, 'ECR repository ARN (the environments pull from it).');
    out('jenkinsUrl', jenkins.url, 'Jenkins web UI URL (reachable from admin_cidrs only).');
    out('jenkinsPublicIp', jenkins.publicIp.publicIp, 'Elastic IP of the Jenkins server.');
    out('jenkinsSecurityGroupId', jenkins.securityGroup.id, 'Security group of the Jenkins server.');
    out(
      'jenkinsInstanceId',
      jenkins.instance.id,
      'Instance id of the Jenkins server: `make jenkins-secrets` has it apply new secrets through SSM Run Command.',
    );
    out(
      'jenkinsSecretsKeyArn',
      secretsKey.key.arn,
      'KMS key the Jenkins SecureString parameters are encrypted with; only the Jenkins role may decrypt.',
    );
    out(
      'jenkinsSecretsKeyAlias',
      secretsKey.alias.name,
      'Alias of that key, for `aws ssm put-parameter --type SecureString --key-id`.',
    );
    out(
      'jenkinsAgentSecurityGroupId',
      agent.securityGroup.id,
      'Security group of the Jenkins build agent (the app instances admit SSH from it: deploys run there).',
    );
    out('vpcId', network.vpc.id, 'VPC id.');
    out(
      'publicSubnetIds',
      network.publicSubnets.map((s) => s.id),
      'Public subnet ids, one per AZ.',
    );
    out(
      'privateSubnetIds',
      network.privateSubnetIds,
      'Private subnet ids (empty unless enable_private_subnets).',
    );
    out('keyPairName', keyPair.keyName, 'EC2 key pair installed on every instance.');
  }
}
