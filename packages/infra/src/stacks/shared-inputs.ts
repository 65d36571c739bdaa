import { ShipyardError } from '@shipyard/cli-kit';
import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * Shared-stack outputs an environment stack consumes, as Terraform variable name → shared output
 * name. Variables (not remote state) keep each environment plannable on its own: `make plan`
 * fills them from the shared state, `make preview` and the tests from placeholders.
 */
export const SHARED_INPUTS = {
  vpc_id: 'vpcId',
  public_subnet_ids: 'publicSubnetIds',
  ecr_repository_arn: 'ecrRepositoryArn',
  ecr_repository_url: 'ecrRepositoryUrl',
  jenkins_agent_security_group_id: 'jenkinsAgentSecurityGroupId',
  key_pair_name: 'keyPairName',
} as const;

export type SharedInputName = keyof typeof SHARED_INPUTS;

export interface SharedInputs {
  readonly vpcId: string;
  readonly publicSubnetIds: string[];
  readonly ecrRepositoryArn: string;
  readonly ecrRepositoryUrl: string;
  readonly jenkinsAgentSecurityGroupId: string;
  readonly keyPairName: string;
}

/** Declares the shared inputs in an environment stack. */
export function declareSharedInputs(scope: Construct): SharedInputs {
  const v = (name: SharedInputName, type: string, description: string) =>
    new TerraformVariable(scope, name, { type, description, nullable: false });
  return {
    vpcId: v('vpc_id', 'string', 'VPC id (shared output vpcId).').stringValue,
    publicSubnetIds: v(
      'public_subnet_ids',
      'list(string)',
      'Public subnet ids (shared output publicSubnetIds).',
    ).listValue,
    ecrRepositoryArn: v(
      'ecr_repository_arn',
      'string',
      'ECR repository ARN (shared output ecrRepositoryArn).',
    ).stringValue,
    ecrRepositoryUrl: v(
      'ecr_repository_url',
      'string',
      'ECR repository URL (shared output ecrRepositoryUrl), for the deploy contract.',
    ).stringValue,
    jenkinsAgentSecurityGroupId: v(
      'jenkins_agent_security_group_id',
      'string',
      'Jenkins build agent security group id (shared output jenkinsAgentSecurityGroupId).',
    ).stringValue,
    keyPairName: v('key_pair_name', 'string', 'EC2 key pair name (shared output keyPairName).').stringValue,
  };
}

/**
 * Maps the shared stack's `terraform output -json` to the environment stacks' variables.
 * Throws when the shared stack has not been applied yet.
 */
export function sharedInputsFromOutputs(
  outputs: Record<string, { value: unknown }>,
): Record<SharedInputName, unknown> {
  const result = {} as Record<SharedInputName, unknown>;
  for (const [variable, output] of Object.entries(SHARED_INPUTS) as [SharedInputName, string][]) {
    const entry = outputs[output];
    if (entry === undefined) {
      throw new ShipyardError(
        `the shared stack has no output "${output}" yet`,
        'Apply it first: make plan STACK=shared && make apply STACK=shared.',
      );
    }
    result[variable] = entry.value;
  }
  return result;
}

/** Placeholder shared values for `make preview` and the offline tests (never sent to AWS). */
export const PREVIEW_SHARED_INPUTS: Record<SharedInputName, unknown> = {
  vpc_id: 'vpc-0preview000000000',
  public_subnet_ids: ['subnet-0preview00000000a', 'subnet-0preview00000000b'],
  ecr_repository_arn: 'arn:aws:ecr:eu-west-1:000000000000:repository/preview-service',
  ecr_repository_url: '000000000000.dkr.ecr.eu-west-1.amazonaws.com/preview-service',
  jenkins_agent_security_group_id: 'sg-0preview0000000ja',
  key_pair_name: 'preview',
};
