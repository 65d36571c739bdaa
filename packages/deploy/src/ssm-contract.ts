import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ShipyardError } from '@shipyard/cli-kit';
import {
  type DeployContract,
  deployContractParameter,
  deployContractSchema,
  describeIssue,
  type Environment,
} from '@shipyard/contracts';

const OTHER_SOURCES = 'or pass --outputs <file> (`make outputs`) / --inventory <file>';

/**
 * The SSM client: the standard credential chain and region (environment, profile, SSO, the
 * instance role on the Jenkins build agent) and the standard endpoint settings
 * (`AWS_ENDPOINT_URL_SSM`). Bounded, so an unreachable endpoint fails instead of hanging.
 */
export function ssmClient(): SSMClient {
  return new SSMClient({ requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 } });
}

/** What went wrong reading the parameter, as one line with what to do. */
export function ssmReadError(error: unknown, parameter: string): ShipyardError {
  const e = error as Error & { name?: string; code?: string };
  const name = e.name ?? '';
  const message = (e.message ?? String(error)).split('\n')[0]?.replace(/\.$/, '') ?? '';
  if (name === 'ParameterNotFound') {
    return new ShipyardError(
      `SSM parameter ${parameter} does not exist`,
      `Run \`make apply\`: each environment stack writes its deploy contract there (check --project / PROJECT), ${OTHER_SOURCES}.`,
    );
  }
  if (name === 'CredentialsProviderError' || /credential/i.test(message)) {
    return new ShipyardError(
      `no AWS credentials to read the deploy contract from SSM parameter ${parameter} (${message})`,
      `Run it where an instance role or a profile provides them (AWS_PROFILE, \`aws sso login\`), ${OTHER_SOURCES}.`,
    );
  }
  if (/region is missing/i.test(message)) {
    return new ShipyardError(
      `no AWS region to read SSM parameter ${parameter}`,
      `Set AWS_REGION (or a profile's region), ${OTHER_SOURCES}.`,
    );
  }
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException') {
    return new ShipyardError(
      `not allowed to read SSM parameter ${parameter} (${name}: ${message})`,
      `The Jenkins build agent's role may read /<project>/deploy/*; elsewhere grant ssm:GetParameter on it, ${OTHER_SOURCES}.`,
    );
  }
  const code = e.code ?? name;
  return new ShipyardError(
    `could not read SSM parameter ${parameter} (${code ? `${code}: ` : ''}${message})`,
    `Check the network and AWS_REGION, ${OTHER_SOURCES}.`,
  );
}

/** Parses the parameter's value with the schema the infrastructure writes it with. */
export function parseSsmContract(
  value: string | undefined,
  parameter: string,
  env: Environment,
): DeployContract {
  let json: unknown;
  try {
    json = JSON.parse(value ?? '');
  } catch (error) {
    throw new ShipyardError(
      `SSM parameter ${parameter} is not JSON (${(error as Error).message})`,
      'Terraform writes it: run `make plan && make apply` to rewrite it.',
    );
  }
  const result = deployContractSchema.safeParse(json);
  if (!result.success) {
    throw new ShipyardError(
      `SSM parameter ${parameter} has the wrong shape at ${describeIssue(result.error)}`,
      'It must hold a deploy contract (docs/contracts.md §1): run `make plan && make apply` to rewrite it.',
    );
  }
  if (result.data.environment !== env) {
    throw new ShipyardError(
      `SSM parameter ${parameter} holds the contract of ${result.data.environment}, not ${env}`,
      'Run `make plan && make apply` to rewrite it.',
    );
  }
  return result.data;
}

/** One environment's deploy contract, read from `/<project>/deploy/<env>` at deploy time. */
export async function contractFromSsm(
  project: string,
  env: Environment,
  client: SSMClient = ssmClient(),
): Promise<DeployContract> {
  const parameter = deployContractParameter(project, env);
  let value: string | undefined;
  try {
    const answer = await client.send(new GetParameterCommand({ Name: parameter }));
    value = answer.Parameter?.Value;
  } catch (error) {
    throw ssmReadError(error, parameter);
  } finally {
    client.destroy();
  }
  return parseSsmContract(value, parameter, env);
}
