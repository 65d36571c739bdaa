import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { DeployContractParameter } from '../constructs/deploy-contract';
import { Environment } from '../constructs/environment';
import { BaseStack, type BaseStackProps } from './base-stack';
import { declareSharedInputs } from './shared-inputs';
import { SSH_USER } from './ssh-user';

export type EnvironmentName = 'staging' | 'production';

export interface EnvironmentStackProps extends BaseStackProps {
  /** Which environment; picks its variables (`<env>_instance_count`, `<env>_certificate_arn`). */
  readonly environment: EnvironmentName;
}

/** One environment in its own state, so a mistake in staging cannot touch production. */
export class EnvironmentStack extends BaseStack {
  public readonly environment: Environment;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    const i = this.inputs;
    const shared = declareSharedInputs(this);
    const env = props.environment;
    const production = env === 'production';

    const certificateArn = (production ? i.productionCertificateArn : i.stagingCertificateArn).stringValue;
    this.environment = new Environment(this, env, {
      project: i.project.stringValue,
      environment: env,
      vpcId: shared.vpcId,
      subnetIds: shared.publicSubnetIds,
      ecrRepositoryArn: shared.ecrRepositoryArn,
      jenkinsAgentSecurityGroupId: shared.jenkinsAgentSecurityGroupId,
      keyName: shared.keyPairName,
      instanceCount: (production ? i.productionInstanceCount : i.stagingInstanceCount).numberValue,
      instanceType: i.appInstanceType.stringValue,
      appPort: i.appPort.numberValue,
      adminCidrs: i.adminCidrs.listValue,
      certificateArn,
      deletionProtection: production ? i.productionDeletionProtection.booleanValue : false,
    });

    const e = this.environment;
    const albUrl = `${e.scheme}://${e.alb.dnsName}`;
    const contract = new DeployContractParameter(this, 'deploy-contract', {
      project: i.project.stringValue,
      region: i.region.stringValue,
      appPort: i.appPort.numberValue,
      sshUser: SSH_USER,
      ecrRepositoryUrl: shared.ecrRepositoryUrl,
      environment: env,
      albDnsName: e.alb.dnsName,
      albUrl,
      targetGroupArn: e.targetGroup.arn,
      instances: e.instances,
    });
    // Construct ids are prefixed because outputs share a namespace with the variables.
    const out = (name: string, value: unknown, description: string) =>
      new TerraformOutput(this, `output-${name}`, { value, description }).overrideLogicalId(name);
    out('environment', env, 'Environment name.');
    out('albDnsName', e.alb.dnsName, `DNS name of the ${env} ALB.`);
    out('albUrl', albUrl, `URL of the ${env} service through its ALB.`);
    out('targetGroupArn', e.targetGroup.arn, `ARN of the ${env} target group (deploys drain through it).`);
    out('instanceIds', e.instanceIds, `Ids of the ${env} app instances, in index order.`);
    out('instancePublicIps', e.instancePublicIps, `Public IPs of the ${env} app instances, same order.`);
    out('instancePrivateIps', e.instancePrivateIps, `Private IPs of the ${env} app instances, same order.`);
    out('albSecurityGroupId', e.albSecurityGroup.id, `Security group of the ${env} ALB.`);
    out('instanceSecurityGroupId', e.instanceSecurityGroup.id, `Security group of the ${env} app instances.`);
    out(
      'deployContractParameter',
      contract.parameter.name,
      `SSM parameter holding the ${env} deploy contract, which the deploy tool reads when no outputs file is given.`,
    );
  }
}
