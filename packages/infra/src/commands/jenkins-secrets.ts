import * as fs from 'node:fs';
import * as path from 'node:path';
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ShipyardError } from '@shipyard/cli-kit';
import type { Command } from 'commander';
import { tfvarsString } from '../config/settings';
import { type Context, cliContext } from '../orchestration/context';
import { preflight, readTfvars } from '../orchestration/preflight';
import { readSharedOutputs } from '../orchestration/shared-outputs';
import { synthesize } from '../orchestration/synth';
import {
  fileValue,
  JENKINS_PARAMETERS,
  type ParameterKey,
  type ParameterValue,
  problems,
} from '../secrets/jenkins-parameters';
import { noPrompter, type Prompter, terminalPrompter } from '../secrets/prompt';
import {
  awsMessage,
  type JenkinsTarget,
  parameterName,
  putParameterInput,
  runConfigure,
  ssmClient,
} from '../secrets/ssm';
import { liveOutOption, tfvarsOption, withExamples } from './options';

export interface JenkinsSecretsOptions {
  readonly tfvars: string;
  readonly out: string;
  readonly adminPasswordFile?: string | undefined;
  readonly deployKeyFile?: string | undefined;
  readonly gitKeyFile?: string | undefined;
  readonly slackTokenFile?: string | undefined;
  readonly releaseManagers?: string | undefined;
  readonly slackChannel?: string | undefined;
  readonly slackTeamDomain?: string | undefined;
  /** Write nothing; only have the server apply what is there (e.g. once the build agent is up). */
  readonly applyOnly?: boolean | undefined;
}

export interface JenkinsSecretsIo {
  readonly prompter: Prompter;
  /** The SSM client for the stack's region. @default the standard chain (or the tfvars keys) */
  readonly client?: (region: string) => SSMClient;
  readonly pollSeconds?: number;
}

const FILE_OPTIONS: [ParameterKey, keyof JenkinsSecretsOptions, string][] = [
  ['adminPassword', 'adminPasswordFile', '--admin-password-file'],
  ['deploySshKey', 'deployKeyFile', '--deploy-key-file'],
  ['gitSshKey', 'gitKeyFile', '--git-key-file'],
  ['slackToken', 'slackTokenFile', '--slack-token-file'],
];
const VALUE_OPTIONS: [ParameterKey, keyof JenkinsSecretsOptions, string][] = [
  ['releaseManagers', 'releaseManagers', '--release-managers'],
  ['slackChannel', 'slackChannel', '--slack-channel'],
  ['slackTeamDomain', 'slackTeamDomain', '--slack-team-domain'],
];

function readSecretFile(file: string, key: ParameterKey): ParameterValue {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ShipyardError(
      `cannot read ${file} for ${JENKINS_PARAMETERS[key].name} (${code}); nothing was written`,
      'Pass a readable file.',
    );
  }
  return { key, value: fileValue(text, key), source: `file ${file}` };
}

/** Every value to write, from files, options and, at a terminal, prompts. Nothing is checked yet. */
async function gatherValues(o: JenkinsSecretsOptions, prompter: Prompter): Promise<ParameterValue[]> {
  const values: ParameterValue[] = [];
  for (const [key, option] of FILE_OPTIONS) {
    const file = o[option];
    if (typeof file === 'string') values.push(readSecretFile(path.resolve(file), key));
  }
  for (const [key, option, flag] of VALUE_OPTIONS) {
    const value = o[option];
    if (typeof value === 'string') values.push({ key, value, source: `option ${flag}` });
  }
  if (!prompter.interactive) return values;
  const has = (key: ParameterKey) => values.some((v) => v.key === key);
  if (!has('adminPassword')) {
    const password = await prompter.secret(
      'Jenkins admin password (not shown; Enter keeps the current one): ',
    );
    if (password) {
      const again = await prompter.secret('The same password again: ');
      if (again !== password) {
        throw new ShipyardError('the two admin passwords differ; nothing was written', 'Run it again.');
      }
      values.push({ key: 'adminPassword', value: password, source: 'the prompt' });
    }
  }
  if (!has('deploySshKey')) {
    const file = (await prompter.line('Deploy SSH private key file (Enter keeps the current one): ')).trim();
    if (file)
      values.push(
        readSecretFile(path.resolve(file.replace(/^~(?=\/)/, process.env.HOME ?? '~')), 'deploySshKey'),
      );
  }
  return values;
}

/** The shared stack's outputs this needs, or one line saying to apply it. */
function jenkinsTarget(outputs: Record<string, { value: unknown }>): JenkinsTarget {
  if (Object.keys(outputs).length === 0) {
    throw new ShipyardError(
      'the shared stack is not applied yet, so there is no Jenkins server and no secrets key',
      'Run `make plan && make apply` first.',
    );
  }
  const value = (name: string) => {
    const v = outputs[name]?.value;
    if (typeof v !== 'string' || v === '') {
      throw new ShipyardError(
        `the shared stack has no output ${name}`,
        'Run `make plan && make apply`: the applied stack predates it.',
      );
    }
    return v;
  };
  return {
    project: value('project'),
    region: value('region'),
    instanceId: value('jenkinsInstanceId'),
    keyAlias: value('jenkinsSecretsKeyAlias'),
  };
}

/**
 * `infra jenkins-secrets`: writes the Jenkins parameters (SecureStrings under the secrets key) and
 * has the server apply them through SSM Run Command. Every value is checked before anything is
 * written; no value is ever printed, logged, passed on a command line or read back (operators may
 * encrypt with the key, not decrypt).
 */
export async function writeJenkinsSecrets(
  ctx: Context,
  o: JenkinsSecretsOptions,
  env: NodeJS.ProcessEnv,
  io: JenkinsSecretsIo,
): Promise<void> {
  ctx.steps.line(preflight(o.tfvars, env));
  const tfvars = readTfvars(o.tfvars);
  const values = o.applyOnly
    ? []
    : await ctx.steps.run(
        'Reading and checking the values (nothing is written unless every one is good)',
        async () => {
          const found = await gatherValues(o, io.prompter);
          if (found.length === 0) {
            throw new ShipyardError(
              'nothing to write',
              'Pass --admin-password-file, --deploy-key-file, --git-key-file, --slack-token-file, --release-managers, --slack-channel or --slack-team-domain (make jenkins-secrets ADMIN_PASSWORD_FILE=… DEPLOY_KEY_FILE=…), run it in a terminal to be asked, or --apply-only (APPLY_ONLY=1) to only re-apply what is there.',
            );
          }
          const keys = found.map((v) => v.key);
          const twice = keys.find((k, i) => keys.indexOf(k) !== i);
          if (twice)
            throw new ShipyardError(`${JENKINS_PARAMETERS[twice].name} is given twice; nothing was written`);
          const bad = problems(found, { sshPublicKey: tfvarsString(tfvars, 'ssh_public_key') });
          if (bad.length > 0) throw new ShipyardError(`refusing to write anything: ${bad.join('; ')}`);
          return found;
        },
      );

  const target = await ctx.steps.run(
    "Reading the shared stack's outputs (the Jenkins server, the secrets key)",
    async () => {
      synthesize({ outDir: o.out, tfvars: o.tfvars }, env);
      return jenkinsTarget(await readSharedOutputs(ctx, o.out));
    },
  );
  const keyId = tfvarsString(tfvars, 'aws_access_key_id');
  const secret = tfvarsString(tfvars, 'aws_secret_access_key');
  const client = io.client
    ? io.client(target.region)
    : ssmClient(target.region, keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined);

  try {
    if (values.length > 0) {
      await ctx.steps.run(
        `Writing ${values.length} parameter(s) under /${target.project}/jenkins/`,
        async () => {
          const written: string[] = [];
          for (const v of values) {
            const input = putParameterInput(target, v);
            try {
              await client.send(new PutParameterCommand(input));
            } catch (error) {
              const before =
                written.length > 0 ? `; written before it: ${written.join(', ')}` : '; nothing was written';
              throw new ShipyardError(
                `could not write ${input.Name} (${awsMessage(
                  error,
                  values.map((x) => x.value),
                )})${before}`,
                'Nothing was applied on the server. The identity running this needs ssm:PutParameter on /<project>/jenkins/* and kms:Encrypt with the secrets key (docs/aws.md).',
              );
            }
            written.push(input.Name ?? '');
            const type = input.Type === 'SecureString' ? `SecureString (${target.keyAlias})` : 'String';
            ctx.steps.line(`    ${parameterName(target, v)}: ${type}, from ${v.source}`);
          }
        },
      );
    }
    const run = await ctx.steps.run(
      `Having the Jenkins server ${target.instanceId} apply them (SSM Run Command: bootstrap.sh's configure phase)`,
      () => runConfigure(client, target, io.pollSeconds === undefined ? {} : { pollSeconds: io.pollSeconds }),
    );
    const code = run.responseCode === undefined || run.responseCode < 0 ? '' : `, exit ${run.responseCode}`;
    if (run.status !== 'Success') {
      throw new ShipyardError(
        `the Jenkins server ${target.instanceId} did not apply them: bootstrap.sh's configure phase ended ${run.status}${code} after ${run.seconds} s${run.lastError ? ` (${run.lastError})` : ''}`,
        `The parameters are written. Its output: \`aws ssm get-command-invocation --command-id ${run.commandId} --instance-id ${target.instanceId}\`, or /var/log/jenkins-bootstrap.log on the server (Session Manager); then run \`make jenkins-secrets APPLY_ONLY=1\`.`,
      );
    }
    ctx.steps.line(
      `Jenkins server ${target.instanceId}: bootstrap.sh's configure phase ${run.status}${code} in ${run.seconds} s (command ${run.commandId}).`,
    );
  } finally {
    client.destroy();
  }
}

export function registerJenkinsSecrets(program: Command): void {
  const command = program
    .command('jenkins-secrets')
    .summary('write the Jenkins parameters (SSM, KMS-encrypted) and have the server apply them')
    .description(
      'Write the Jenkins parameters of docs/pipeline.md under /<project>/jenkins/ (secrets as SecureStrings under ' +
        'the key alias/<project>-jenkins-secrets, which only the Jenkins role may decrypt) from files, options or, at a ' +
        "terminal, prompts that do not echo; then run bootstrap.sh's configure phase on the Jenkins server through SSM " +
        'Run Command and report how it ended. Every value is checked first: nothing is written if one is wrong. No value ' +
        'is printed, logged, put on a command line or read back.',
    )
    .option('--admin-password-file <file>', 'the Jenkins admin password (12 characters or more)')
    .option(
      '--deploy-key-file <file>',
      'the private half of ssh_public_key: the Deploy stage reaches the app hosts with it',
    )
    .option('--git-key-file <file>', 'an SSH key that reads the repository (for an SSH jenkins_repo_url)')
    .option('--slack-token-file <file>', 'a Slack bot token with chat:write')
    .option(
      '--release-managers <ids>',
      'Jenkins user ids who may approve a production deploy, comma-separated',
    )
    .option('--slack-channel <channel>', 'the Slack channel, e.g. #deploys')
    .option('--slack-team-domain <domain>', 'the Slack workspace subdomain')
    .option(
      '--apply-only',
      'write nothing: only have the server apply what is there (e.g. once its build agent is up)',
    )
    .addOption(tfvarsOption())
    .addOption(liveOutOption())
    .action(async (o: JenkinsSecretsOptions) => {
      await writeJenkinsSecrets(cliContext(), o, process.env, {
        prompter: process.stdin.isTTY ? terminalPrompter() : noPrompter,
      });
    });
  withExamples(command, [
    'infra jenkins-secrets                                  # at a terminal: asks for the password and the key file',
    'infra jenkins-secrets --admin-password-file pw.txt --deploy-key-file ~/.ssh/shipyard',
    'infra jenkins-secrets --release-managers alice,bob --slack-channel "#deploys" --slack-token-file slack.txt',
    'infra jenkins-secrets --apply-only',
  ]);
}
