import { checkPrivateKey, publicKeyId } from './ssh-key';

/**
 * The Jenkins parameters under `/<project>/jenkins/` that jenkins/bootstrap.sh reads
 * (docs/pipeline.md, "SSM parameters to create"). SecureStrings are encrypted with the secrets
 * key, which only the Jenkins role may decrypt; the others are plain settings.
 */
export interface JenkinsParameter {
  /** The name under the prefix: `/<project>/jenkins/<name>`. */
  readonly name: string;
  readonly secure: boolean;
  /** What it is, for messages: never the value. */
  readonly what: string;
  /** Why a value is refused, or undefined when it is good. */
  readonly check: (value: string, context: CheckContext) => string | undefined;
}

export interface CheckContext {
  /** `ssh_public_key` of terraform.tfvars, when it is a plain string there: the key on every host. */
  readonly sshPublicKey: string | undefined;
}

/** SSM's limit for a Standard parameter. */
export const MAX_VALUE_BYTES = 4096;

const printable = (value: string) => !/\p{Cc}/u.test(value);

const privateKey =
  (matchHosts: boolean) =>
  (value: string, context: CheckContext): string | undefined => {
    const key = checkPrivateKey(value);
    if (!key.ok) return key.problem;
    if (matchHosts && context.sshPublicKey && publicKeyId(context.sshPublicKey) !== key.publicKey) {
      return 'is not the private half of ssh_public_key in terraform.tfvars, the key the app hosts trust: the Deploy stage could not log in';
    }
    return undefined;
  };

export const JENKINS_PARAMETERS = {
  adminPassword: {
    name: 'admin-password',
    secure: true,
    what: 'the Jenkins admin password',
    check: (v) =>
      v.length < 12
        ? 'is shorter than 12 characters'
        : printable(v)
          ? undefined
          : 'holds a line break or another control character',
  },
  deploySshKey: {
    name: 'deploy-ssh-key',
    secure: true,
    what: 'the SSH key the Deploy stage reaches the app hosts with',
    check: privateKey(true),
  },
  gitSshKey: {
    name: 'git-ssh-key',
    secure: true,
    what: 'the SSH key that reads the repository',
    check: privateKey(false),
  },
  slackToken: {
    name: 'slack-token',
    secure: true,
    what: 'the Slack bot token',
    check: (v) => (/^xox[a-z]-[A-Za-z0-9-]+$/.test(v) ? undefined : 'is not a Slack token (xoxb-…)'),
  },
  releaseManagers: {
    name: 'release-managers',
    secure: false,
    what: 'the Jenkins users who may approve a production deploy',
    // The rule bootstrap.sh applies; a value it would refuse would stop Jenkins' configuration.
    check: (v) =>
      /^[A-Za-z0-9._@-]+(,[A-Za-z0-9._@-]+)*$/.test(v)
        ? undefined
        : 'must be Jenkins user ids separated by commas, such as alice,bob',
  },
  slackChannel: {
    name: 'slack-channel',
    secure: false,
    what: 'the Slack channel',
    check: (v) =>
      /^#?[a-z0-9._-]{1,80}$/.test(v) ? undefined : 'is not a Slack channel name such as #deploys',
  },
  slackTeamDomain: {
    name: 'slack-team-domain',
    secure: false,
    what: 'the Slack workspace subdomain',
    check: (v) =>
      /^[a-z0-9-]{1,63}$/.test(v) ? undefined : 'is not a Slack workspace subdomain such as my-team',
  },
} as const satisfies Record<string, JenkinsParameter>;

export type ParameterKey = keyof typeof JENKINS_PARAMETERS;

/** One value to write, and where it came from (a file, a prompt, an option): never the value itself. */
export interface ParameterValue {
  readonly key: ParameterKey;
  readonly value: string;
  readonly source: string;
}

/** The value as read from a file: one trailing line break is the file's, not the value's. */
export function fileValue(text: string, key: ParameterKey): string {
  // A key keeps its final newline, which OpenSSH wants; other values lose it.
  return key === 'deploySshKey' || key === 'gitSshKey' ? text : text.replace(/\r?\n$/, '');
}

/**
 * Every problem with the values, one line each, naming the parameter and the source, never the
 * value. Empty means every value may be written.
 */
export function problems(values: readonly ParameterValue[], context: CheckContext): string[] {
  return values.flatMap(({ key, value, source }) => {
    const p = JENKINS_PARAMETERS[key];
    const problem =
      value.length === 0
        ? 'is empty'
        : Buffer.byteLength(value) > MAX_VALUE_BYTES
          ? `is longer than SSM's ${MAX_VALUE_BYTES} bytes for a Standard parameter`
          : p.check(value, context);
    return problem ? [`${p.name} (${p.what}, from ${source}) ${problem}`] : [];
  });
}
