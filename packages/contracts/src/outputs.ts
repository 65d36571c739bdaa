import { z } from 'zod';
import { type Environment, environmentSchema } from './environments.js';

/**
 * The infrastructure's outputs: what `make outputs` writes to outputs.json (infra validates
 * with this schema before writing) and what the deploy tool reads (with the same schema).
 * docs/contracts.md §1.
 */

/** One app instance. Hosts without a public IP (private subnets) have an empty `publicIp`. */
export const instanceSchema = z.object({
  id: z.string().min(1),
  publicIp: z.string(),
  privateIp: z.string().min(1),
});

/** One environment's load balancer and hosts. */
export const environmentOutputsSchema = z.object({
  albDnsName: z.string().min(1),
  albUrl: z.url(),
  targetGroupArn: z.string().startsWith('arn:'),
  instances: z.array(instanceSchema).min(1),
});

const shared = {
  project: z.string().min(1),
  region: z.string().min(1),
  appPort: z.number().int().min(1).max(65535),
  sshUser: z.string().min(1),
  ecrRepositoryUrl: z.string().min(1),
};

/** outputs.json: the shared stack's values and every environment. */
export const outputsSchema = z.object({
  ...shared,
  jenkinsUrl: z.url(),
  environments: z.record(environmentSchema, environmentOutputsSchema),
});

/**
 * One environment's deploy contract: everything a deploy of that environment needs. Each
 * environment stack publishes it as an SSM parameter (`deployContractParameter`), so a deploy
 * inside AWS reads it where the infrastructure keeps it current. docs/contracts.md §1.
 */
export const deployContractSchema = z.object({
  ...shared,
  environment: environmentSchema,
  ...environmentOutputsSchema.shape,
});

export type InstanceOutputs = z.infer<typeof instanceSchema>;
export type EnvironmentOutputs = z.infer<typeof environmentOutputsSchema>;
export type Outputs = z.infer<typeof outputsSchema>;
export type DeployContract = z.infer<typeof deployContractSchema>;

/** The SSM parameter an environment stack writes its deploy contract to. */
export function deployContractParameter(project: string, environment: Environment): string {
  return `/${project}/deploy/${environment}`;
}

/** One environment's contract, cut out of outputs.json. */
export function deployContractFromOutputs(outputs: Outputs, environment: Environment): DeployContract {
  const { environments, jenkinsUrl: _, ...rest } = outputs;
  return { ...rest, environment, ...environments[environment] };
}

/** Where a value broke its schema, as one line: `environments.staging.albUrl: Invalid URL`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}
