import type { Instance } from '@cdktf/provider-aws/lib/instance';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { type DeployContract, deployContractParameter, type Environment } from '@shipyard/contracts';
import { Fn, ref } from 'cdktf';
import { Construct } from 'constructs';

/** Every field of the deploy contract, as values Terraform knows after apply. */
type ContractValues = { readonly [K in keyof Omit<DeployContract, 'instances'>]: unknown };

export interface DeployContractParameterProps extends ContractValues {
  readonly project: string;
  readonly environment: Environment;
  /** The environment's app instances (a counted resource): one contract entry per instance. */
  readonly instances: Instance;
}

/**
 * The environment's deploy contract (`deployContractSchema` of @shipyard/contracts), written by
 * Terraform to the SSM parameter `/<project>/deploy/<env>`. The deploy tool reads it when no
 * outputs file is given, which is how the pipeline's Deploy stage finds its hosts: it is part of
 * the stack, so an apply that changes an instance rewrites it, and it is never uploaded by hand.
 */
export class DeployContractParameter extends Construct {
  public readonly parameter: SsmParameter;

  constructor(scope: Construct, id: string, props: DeployContractParameterProps) {
    super(scope, id);
    const { instances, ...values } = props;
    // The object literal is typed against the schema, so a field added to the contract fails to
    // compile here until the infrastructure publishes it.
    const contract: { readonly [K in keyof DeployContract]: unknown } = {
      project: values.project,
      region: values.region,
      appPort: values.appPort,
      sshUser: values.sshUser,
      ecrRepositoryUrl: values.ecrRepositoryUrl,
      environment: values.environment,
      albDnsName: values.albDnsName,
      albUrl: values.albUrl,
      targetGroupArn: values.targetGroupArn,
      // `public_ip` is "" for a host in a private subnet, which the schema accepts.
      // In index order, like the instance outputs: cdktf's iterators would go through a set.
      instances: ref(
        `[for i in ${instances.fqn} : { id = i.id, publicIp = i.public_ip, privateIp = i.private_ip }]`,
      ),
    };
    this.parameter = new SsmParameter(this, 'parameter', {
      name: deployContractParameter(props.project, props.environment),
      description: `Deploy contract of ${props.environment} (hosts, ports, target group), written by Terraform; the deploy tool reads it.`,
      type: 'String',
      tier: 'Standard',
      // Not a secret: `insecure_value` keeps it readable in plans, where `value` would be redacted.
      // jsonencode, not JSON.stringify: the port must stay a number and the hosts a list.
      insecureValue: Fn.jsonencode(contract),
    });
  }
}
