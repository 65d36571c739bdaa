import { setTimeout as sleep } from 'node:timers/promises';
import {
  GetCommandInvocationCommand,
  type GetCommandInvocationCommandOutput,
  type PutParameterCommandInput,
  SendCommandCommand,
  type SendCommandCommandInput,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { ShipyardError } from '@shipyard/cli-kit';
import { JENKINS_PARAMETERS, type ParameterValue } from './jenkins-parameters';

/** Where the Jenkins parameters go and who applies them: from the shared stack's outputs. */
export interface JenkinsTarget {
  readonly project: string;
  readonly region: string;
  /** The controller, which runs the configure phase (output jenkinsInstanceId). */
  readonly instanceId: string;
  /** `alias/<project>-jenkins-secrets` (output jenkinsSecretsKeyAlias). */
  readonly keyAlias: string;
}

/** What the controller runs: bootstrap.sh's configure phase only (secrets, JCasC, restart if changed). */
export const CONFIGURE_COMMAND = 'BOOTSTRAP_PHASES=configure /opt/jenkins-bootstrap/bootstrap.sh';

/**
 * Seconds the configure phase may run: it may first wait for cloud-init's first bootstrap to end
 * (bootstrap.sh runs one at a time), then up to 5 min for the agent and 3 for Jenkins.
 */
export const CONFIGURE_TIMEOUT_SECONDS = 1800;

export const parameterName = (target: Pick<JenkinsTarget, 'project'>, value: Pick<ParameterValue, 'key'>) =>
  `/${target.project}/jenkins/${JENKINS_PARAMETERS[value.key].name}`;

/**
 * The PutParameter request for one value. SecureStrings name the secrets key, whose policy lets
 * the account encrypt and only the Jenkins role decrypt; `Overwrite`, so a rerun replaces a value.
 */
export function putParameterInput(target: JenkinsTarget, value: ParameterValue): PutParameterCommandInput {
  const secure = JENKINS_PARAMETERS[value.key].secure;
  return {
    Name: parameterName(target, value),
    Value: value.value,
    Type: secure ? 'SecureString' : 'String',
    ...(secure ? { KeyId: target.keyAlias } : {}),
    Overwrite: true,
    Tier: 'Standard',
  };
}

/** The Run Command request: AWS-RunShellScript on the controller, which runs it as root. */
export function configureCommandInput(target: JenkinsTarget): SendCommandCommandInput {
  return {
    DocumentName: 'AWS-RunShellScript',
    InstanceIds: [target.instanceId],
    Comment: 'make jenkins-secrets: apply the Jenkins parameters (bootstrap.sh configure)',
    // How long SSM tries to deliver it (the agent may be restarting); the run has its own limit.
    TimeoutSeconds: 600,
    Parameters: { commands: [CONFIGURE_COMMAND], executionTimeout: [String(CONFIGURE_TIMEOUT_SECONDS)] },
  };
}

/** An SSM client for the stack's region; credentials from the standard chain, or the tfvars keys. */
export function ssmClient(
  region: string,
  keys?: { accessKeyId: string; secretAccessKey: string },
): SSMClient {
  return new SSMClient({
    region,
    ...(keys ? { credentials: keys } : {}),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
}

/** An AWS error, one line, with every secret value replaced: an error message may quote its input. */
export function awsMessage(error: unknown, secrets: readonly string[] = []): string {
  const e = error as Error & { name?: string; code?: string };
  let message = `${e.name && e.name !== 'Error' ? `${e.name}: ` : e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`;
  for (const secret of secrets) if (secret) message = message.split(secret).join('[REDACTED]');
  return message.split('\n')[0] ?? '';
}

const TERMINAL = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut', 'Cancelling']);

export interface Invocation {
  readonly commandId: string;
  readonly status: string;
  readonly responseCode: number | undefined;
  /** The last line of the command's stderr (bootstrap.sh's `error: ...`), if any. */
  readonly lastError: string | undefined;
  readonly seconds: number;
}

/**
 * Sends the configure phase to the controller and polls its invocation until it ends. Written out
 * rather than the SDK's waitUntilCommandExecuted, which retries on every error until its deadline:
 * an operator without ssm:GetCommandInvocation would wait 15 minutes to learn it.
 */
export async function runConfigure(
  client: SSMClient,
  target: JenkinsTarget,
  options: { pollSeconds?: number; now?: () => number } = {},
): Promise<Invocation> {
  const now = options.now ?? Date.now;
  const poll = (options.pollSeconds ?? 5) * 1000;
  const started = now();
  let commandId: string;
  try {
    const sent = await client.send(new SendCommandCommand(configureCommandInput(target)));
    commandId = sent.Command?.CommandId ?? '';
  } catch (error) {
    const e = error as Error;
    if (e.name === 'InvalidInstanceId') {
      throw new ShipyardError(
        `the Jenkins server ${target.instanceId} is not managed by SSM (yet): Run Command cannot reach it`,
        'Its SSM agent registers a few minutes after boot; the parameters are written, so run `make jenkins-secrets --apply-only` (APPLY_ONLY=1) again shortly.',
      );
    }
    throw new ShipyardError(
      `could not send the configure phase to ${target.instanceId} (${awsMessage(error)})`,
      'The parameters are written. The identity running this needs ssm:SendCommand on AWS-RunShellScript and the instance (docs/aws.md).',
    );
  }
  const deadline = started + (CONFIGURE_TIMEOUT_SECONDS + 120) * 1000;
  for (;;) {
    let out: GetCommandInvocationCommandOutput | undefined;
    try {
      out = await client.send(
        new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: target.instanceId }),
      );
    } catch (error) {
      // Right after SendCommand the invocation may not exist yet.
      if ((error as Error).name !== 'InvocationDoesNotExist') {
        throw new ShipyardError(
          `could not follow command ${commandId} on ${target.instanceId} (${awsMessage(error)})`,
          'The identity running this needs ssm:GetCommandInvocation (docs/aws.md).',
        );
      }
    }
    const status = out?.Status;
    if (status && TERMINAL.has(status)) {
      const stderr = (out?.StandardErrorContent ?? '').trim().split('\n').filter(Boolean);
      return {
        commandId,
        status,
        responseCode: out?.ResponseCode,
        lastError: stderr.at(-1),
        seconds: Math.round((now() - started) / 1000),
      };
    }
    if (now() > deadline) {
      throw new ShipyardError(
        `command ${commandId} on ${target.instanceId} is still ${status ?? 'not started'} after ${CONFIGURE_TIMEOUT_SECONDS + 120} s`,
        `Follow it with \`aws ssm get-command-invocation --command-id ${commandId} --instance-id ${target.instanceId}\`.`,
      );
    }
    await sleep(poll);
  }
}
