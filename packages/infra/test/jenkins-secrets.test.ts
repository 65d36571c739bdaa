// `make jenkins-secrets` (infra jenkins-secrets): the Jenkins parameters written to SSM and applied
// on the server through Run Command, against a real HTTP server standing in for SSM on loopback,
// with the real AWS SDK. Checked: the exact requests, that no value reaches stdout, stderr, the
// terminal or any process's argv, and that a bad value stops everything before a request.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import {
  awsError,
  type SsmAnswer,
  type SsmRequest,
  type SsmStandIn,
  startSsmStandIn,
} from '@shipyard/testing';
import { Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JenkinsSecretsOptions, writeJenkinsSecrets } from '../src/commands/jenkins-secrets';
import { packageRoot, repoRoot } from '../src/paths';
import { JENKINS_PARAMETERS, problems } from '../src/secrets/jenkins-parameters';
import type { Prompter } from '../src/secrets/prompt';
import { checkPrivateKey } from '../src/secrets/ssh-key';
import { CONFIGURE_COMMAND } from '../src/secrets/ssm';
import { SharedStack } from '../src/stacks/shared-stack';
import { errorLine, fakeTerraform, sharedAre, testContext } from './fake-terraform';
import {
  bootstrapFixture,
  fixturesDir,
  policyStatements,
  resources,
  type TfJson,
  tempDir,
  testSettings,
} from './helpers';

const dir = tempDir('jenkins-secrets');
const INSTANCE = 'i-0c0ffee0c0ffee000';
const ALIAS = 'alias/shipyard-jenkins-secrets';
const sharedOutputs = {
  ...JSON.parse(fs.readFileSync(path.join(fixturesDir, 'outputs', 'shared.json'), 'utf8')),
  jenkinsInstanceId: { sensitive: false, type: 'string', value: INSTANCE },
  jenkinsSecretsKeyAlias: { sensitive: false, type: 'string', value: ALIAS },
};
const PASSWORD = 'correct-horse-battery-staple-42';

const run = (cmd: string, args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile(cmd, args, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );

/** A real key pair from ssh-keygen; returns the private key's path. */
async function keygen(name: string, extra: string[] = []): Promise<string> {
  const file = path.join(dir, name);
  await run('ssh-keygen', ['-q', '-N', '', '-C', name, '-f', file, ...extra]);
  return file;
}
const read = (file: string) => fs.readFileSync(file, 'utf8');

let deployKey: string;
let tfvars: string;
let ssm: SsmStandIn;
/** The next answer per operation; GetCommandInvocation answers from a queue, then Success. */
let invocations: SsmAnswer[];
let putAnswer: (r: SsmRequest) => SsmAnswer;
/** Processes whose command line held a secret while a PutParameter was in flight. */
const argvLeaks: string[] = [];
let secretsInFlight: string[] = [];

/** Every process's command line on this machine, scanned for the values being written. */
function scanArgv(): void {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    for (const secret of secretsInFlight)
      if (cmdline.includes(secret)) argvLeaks.push(`${pid}: ${cmdline.slice(0, 80)}`);
  }
}

beforeAll(async () => {
  deployKey = await keygen('deploy', ['-t', 'ed25519']);
  tfvars = path.join(dir, 'terraform.tfvars');
  fs.writeFileSync(tfvars, `project = "shipyard"\nssh_public_key = "${read(`${deployKey}.pub`).trim()}"\n`);
  ssm = await startSsmStandIn((r) => {
    if (r.target === 'AmazonSSM.PutParameter') {
      scanArgv();
      return putAnswer(r);
    }
    if (r.target === 'AmazonSSM.SendCommand') {
      return { status: 200, body: { Command: { CommandId: 'c0ffee-1', Status: 'Pending' } } };
    }
    if (r.target === 'AmazonSSM.GetCommandInvocation') {
      return (
        invocations.shift() ?? {
          status: 200,
          body: { CommandId: 'c0ffee-1', InstanceId: INSTANCE, Status: 'Success', ResponseCode: 0 },
        }
      );
    }
    return awsError('InvalidAction', r.target);
  });
});
afterAll(() => ssm.close());

const fresh = () => {
  invocations = [];
  putAnswer = () => ({ status: 200, body: { Version: 1, Tier: 'Standard' } });
  return ssm.requests.length;
};
const sentSince = (before: number) => ssm.requests.slice(before);
const bodies = (requests: SsmRequest[], target: string) =>
  requests.filter((r) => r.target === `AmazonSSM.${target}`).map((r) => r.body);

const client = (region: string) =>
  new SSMClient({
    region,
    endpoint: ssm.url,
    credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'stand-in' },
    maxAttempts: 1,
  });

/** The command in-process, Terraform faked at its edge (the shared outputs), SSM on loopback. */
async function secrets(
  options: Partial<JenkinsSecretsOptions>,
  prompter?: Prompter,
  outputs = sharedOutputs,
) {
  const tf = fakeTerraform(sharedAre(outputs));
  const ctx = testContext(tf);
  const o = { tfvars, out: path.join(dir, 'out'), ...options };
  const io = {
    prompter: prompter ?? { interactive: false, secret: async () => '', line: async () => '' },
    client,
    pollSeconds: 0.05,
  };
  const error = await errorLine(writeJenkinsSecrets(ctx, o, { HOME: dir, AWS_PROFILE: 'ops' }, io));
  return { error, ctx, tf };
}

describe('private keys, checked without printing them', () => {
  it.each([
    ['ed25519 (OpenSSH format)', ['-t', 'ed25519']],
    ['ecdsa (OpenSSH format)', ['-t', 'ecdsa']],
    ['rsa (PEM, PKCS#1)', ['-t', 'rsa', '-b', '2048', '-m', 'PEM']],
    ['rsa (PKCS#8)', ['-t', 'rsa', '-b', '2048', '-m', 'PKCS8']],
    ['ecdsa (PEM)', ['-t', 'ecdsa', '-m', 'PEM']],
  ])('derives the public half of an %s key as ssh-keygen -y does', async (name, args) => {
    const key = await keygen(name.replace(/\W+/g, '-'), args);
    const expected = (await run('ssh-keygen', ['-y', '-f', key])).trim().split(' ').slice(0, 2).join(' ');
    expect(checkPrivateKey(read(key))).toEqual({ ok: true, publicKey: expected });
  });

  it('refuses a key with a passphrase, a public key, and text that is no key', async () => {
    const locked = path.join(dir, 'locked');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', locked]);
    const lockedPem = path.join(dir, 'locked-pem');
    await run('ssh-keygen', [
      '-q',
      '-t',
      'rsa',
      '-b',
      '2048',
      '-m',
      'PEM',
      '-N',
      'a passphrase',
      '-f',
      lockedPem,
    ]);
    for (const file of [locked, lockedPem]) {
      expect(checkPrivateKey(read(file))).toEqual({
        ok: false,
        problem: expect.stringMatching(/^is protected by a passphrase/),
      });
    }
    expect(checkPrivateKey(read(`${deployKey}.pub`))).toEqual({
      ok: false,
      problem: 'is a public key: pass the private key (the file without .pub)',
    });
    expect(checkPrivateKey('hunter2')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^is not an SSH private key/),
    });
  });

  it('names what is wrong with each value and never the value', () => {
    const found = problems(
      [
        { key: 'adminPassword', value: 'short-pw', source: 'file pw.txt' },
        { key: 'deploySshKey', value: read(`${deployKey}.pub`), source: 'file key' },
        { key: 'slackToken', value: 'not-a-token', source: 'file t' },
        { key: 'releaseManagers', value: 'alice bob', source: 'option --release-managers' },
      ],
      { sshPublicKey: undefined },
    );
    expect(found).toEqual([
      'admin-password (the Jenkins admin password, from file pw.txt) is shorter than 12 characters',
      'deploy-ssh-key (the SSH key the Deploy stage reaches the app hosts with, from file key) is a public key: pass the private key (the file without .pub)',
      'slack-token (the Slack bot token, from file t) is not a Slack token (xoxb-…)',
      'release-managers (the Jenkins users who may approve a production deploy, from option --release-managers) must be Jenkin… user ids separated by commas, such as alice,bob'.replace(
        'Jenkin…',
        'Jenkins',
      ),
    ]);
    for (const line of found)
      for (const secret of ['short-pw', 'not-a-token']) expect(line).not.toContain(secret);
  });

  it('are the parameters bootstrap.sh reads, every one of them', () => {
    const bootstrap = fs.readFileSync(path.join(repoRoot, 'jenkins', 'bootstrap.sh'), 'utf8');
    const read = [...bootstrap.matchAll(/ssm_get "\$SSM_PREFIX\/([a-z-]+)"/g)].map((m) => m[1]).sort();
    expect(
      Object.values(JENKINS_PARAMETERS)
        .map((p) => p.name)
        .sort(),
    ).toEqual(read);
  });
});

describe("the controller's side", () => {
  it("lets the controller's SSM agent take Run Command, and the configure phase read and decrypt what this writes", () => {
    const shared = JSON.parse(
      Testing.synth(
        new SharedStack(Testing.app(), 'shared', {
          settings: testSettings(),
          jenkinsBootstrapDir: bootstrapFixture,
        }),
      ),
    ) as TfJson;
    const [roleId] = Object.entries(shared.resource.aws_iam_role as Record<string, TfJson>).find(([, r]) =>
      /-jenkins$/.test(r.name),
    ) as [string, TfJson];
    const statements = resources(shared, 'aws_iam_role_policy')
      .filter((p) => p.role === `\${aws_iam_role.${roleId}.id}`)
      .flatMap((p) => policyStatements(p.policy));
    const allowed = (action: string, resource: string) =>
      statements.some((s) => s.Action.includes(action) && [s.Resource].flat().includes(resource));
    // What the SSM agent needs to register and to receive, run and answer a command.
    for (const action of [
      'ssm:UpdateInstanceInformation',
      'ec2messages:GetEndpoint',
      'ec2messages:GetMessages',
      'ec2messages:AcknowledgeMessage',
      'ec2messages:SendReply',
      'ec2messages:FailMessage',
      'ec2messages:DeleteMessage',
      'ssmmessages:CreateControlChannel',
      'ssmmessages:OpenControlChannel',
    ]) {
      expect(allowed(action, '*'), action).toBe(true);
    }
    // What bootstrap.sh's configure phase then does with the parameters written here.
    expect(
      allowed('ssm:GetParameter', 'arn:aws:ssm:${var.region}:*:parameter/${var.project}/jenkins/*'),
    ).toBe(true);
    const decrypt = statements.find((s) => s.Action.includes('kms:Decrypt'));
    expect(decrypt?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'ssm.${var.region}.amazonaws.com' },
    });
  });
});

describe('writing and applying, in-process', () => {
  it('writes SecureStrings under the secrets key and Strings, then runs the configure phase and waits for it', async () => {
    const before = fresh();
    invocations = [
      awsError('InvocationDoesNotExist', ''),
      {
        status: 200,
        body: { CommandId: 'c0ffee-1', InstanceId: INSTANCE, Status: 'InProgress', ResponseCode: -1 },
      },
    ];
    const pw = path.join(dir, 'pw.txt');
    fs.writeFileSync(pw, `${PASSWORD}\n`);
    const { error, ctx } = await secrets({
      adminPasswordFile: pw,
      deployKeyFile: deployKey,
      releaseManagers: 'alice,bob',
    });
    expect(error).toBeUndefined();
    const sent = sentSince(before);
    expect(sent.map((r) => r.target)).toEqual([
      'AmazonSSM.PutParameter',
      'AmazonSSM.PutParameter',
      'AmazonSSM.PutParameter',
      'AmazonSSM.SendCommand',
      'AmazonSSM.GetCommandInvocation',
      'AmazonSSM.GetCommandInvocation',
      'AmazonSSM.GetCommandInvocation',
    ]);
    expect(bodies(sent, 'PutParameter')).toEqual([
      {
        Name: '/shipyard/jenkins/admin-password',
        Value: PASSWORD,
        Type: 'SecureString',
        KeyId: ALIAS,
        Overwrite: true,
        Tier: 'Standard',
      },
      {
        Name: '/shipyard/jenkins/deploy-ssh-key',
        Value: read(deployKey),
        Type: 'SecureString',
        KeyId: ALIAS,
        Overwrite: true,
        Tier: 'Standard',
      },
      {
        Name: '/shipyard/jenkins/release-managers',
        Value: 'alice,bob',
        Type: 'String',
        Overwrite: true,
        Tier: 'Standard',
      },
    ]);
    expect(bodies(sent, 'SendCommand')).toEqual([
      {
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [INSTANCE],
        Comment: 'make jenkins-secrets: apply the Jenkins parameters (bootstrap.sh configure)',
        TimeoutSeconds: 600,
        Parameters: {
          commands: ['BOOTSTRAP_PHASES=configure /opt/jenkins-bootstrap/bootstrap.sh'],
          executionTimeout: ['1800'],
        },
      },
    ]);
    expect(bodies(sent, 'GetCommandInvocation')[0]).toEqual({ CommandId: 'c0ffee-1', InstanceId: INSTANCE });
    // Never read back: operators may encrypt with the key, not decrypt.
    expect(sent.filter((r) => /GetParameter/.test(r.target))).toEqual([]);
    expect(ctx.lines.at(-1)).toMatch(
      new RegExp(
        `^Jenkins server ${INSTANCE}: bootstrap.sh's configure phase Success, exit 0 in \\d+ s \\(command c0ffee-1\\)\\.$`,
      ),
    );
    const out = [...ctx.lines, ...ctx.errors].join('\n');
    expect(out).toContain(`/shipyard/jenkins/admin-password: SecureString (${ALIAS}), from file ${pw}`);
    for (const secret of [PASSWORD, read(deployKey).split('\n')[1] ?? '']) expect(out).not.toContain(secret);
  });

  it('reports a configure phase that failed in one line, with its last error line', async () => {
    const before = fresh();
    invocations = [
      {
        status: 200,
        body: {
          CommandId: 'c0ffee-1',
          InstanceId: INSTANCE,
          Status: 'Failed',
          ResponseCode: 1,
          StandardErrorContent:
            'warning: x\nerror: /shipyard/jenkins/release-managers must be Jenkins user ids\n',
        },
      },
    ];
    const { error } = await secrets({ releaseManagers: 'alice' });
    expect(error).toMatch(
      new RegExp(
        `^error: the Jenkins server ${INSTANCE} did not apply them: bootstrap.sh's configure phase ended Failed, exit 1 after \\d+ s \\(error: /shipyard/jenkins/release-managers must be Jenkins user ids\\)\\. The parameters are written\\. Its output: \`aws ssm get-command-invocation --command-id c0ffee-1 --instance-id ${INSTANCE}\``,
      ),
    );
    expect(error?.split('\n')).toHaveLength(1);
    expect(bodies(sentSince(before), 'PutParameter')).toHaveLength(1);
  });

  it('--apply-only writes nothing and runs the configure phase', async () => {
    const before = fresh();
    const { error } = await secrets({ applyOnly: true });
    expect(error).toBeUndefined();
    expect(sentSince(before).map((r) => r.target)).toEqual([
      'AmazonSSM.SendCommand',
      'AmazonSSM.GetCommandInvocation',
    ]);
  });

  it('asks at a terminal: the password twice, hidden, and the key file', async () => {
    const before = fresh();
    const asked: string[] = [];
    const answers = [PASSWORD, PASSWORD];
    const prompter: Prompter = {
      interactive: true,
      secret: async (q) => {
        asked.push(`secret: ${q}`);
        return answers.shift() ?? '';
      },
      line: async (q) => {
        asked.push(`line: ${q}`);
        return deployKey;
      },
    };
    expect((await secrets({}, prompter)).error).toBeUndefined();
    expect(asked).toEqual([
      'secret: Jenkins admin password (not shown; Enter keeps the current one): ',
      'secret: The same password again: ',
      'line: Deploy SSH private key file (Enter keeps the current one): ',
    ]);
    expect(bodies(sentSince(before), 'PutParameter').map((b) => [b.Name, b.Value === PASSWORD])).toEqual([
      ['/shipyard/jenkins/admin-password', true],
      ['/shipyard/jenkins/deploy-ssh-key', false],
    ]);
  });
});

describe('refusals: one line, and no request to SSM unless every value is good', () => {
  const refuses = async (
    options: Partial<JenkinsSecretsOptions>,
    pattern: RegExp,
    outputs = sharedOutputs,
  ) => {
    const before = fresh();
    const { error, tf } = await secrets(options, undefined, outputs);
    expect(error).toMatch(pattern);
    expect(error?.split('\n')).toHaveLength(1);
    for (const secret of [PASSWORD, 'short-pw']) expect(error).not.toContain(secret);
    expect(bodies(sentSince(before), 'PutParameter')).toEqual([]);
    return { tf, sent: sentSince(before) };
  };

  it('a bad value among good ones: nothing is written, Terraform is not even asked', async () => {
    const pw = path.join(dir, 'short.txt');
    fs.writeFileSync(pw, 'short-pw\n');
    const { tf, sent } = await refuses(
      { adminPasswordFile: pw, deployKeyFile: deployKey, releaseManagers: 'alice,bob' },
      /^error: refusing to write anything: admin-password \(the Jenkins admin password, from file .*short\.txt\) is shorter than 12 characters$/,
    );
    expect(tf.calls).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('a deploy key the app hosts do not trust', async () => {
    const other = await keygen('other', ['-t', 'ed25519']);
    await refuses(
      { deployKeyFile: other },
      /deploy-ssh-key .* is not the private half of ssh_public_key in terraform\.tfvars, the key the app hosts trust/,
    );
  });

  it('a missing file', () =>
    refuses(
      { deployKeyFile: path.join(dir, 'nope') },
      /^error: cannot read .*nope for deploy-ssh-key \(ENOENT\); nothing was written/,
    ));

  it('nothing to write without a terminal', () =>
    refuses(
      {},
      /^error: nothing to write\. Pass --admin-password-file, --deploy-key-file, .* or --apply-only/,
    ));

  it('a shared stack that is not applied', () =>
    refuses(
      { releaseManagers: 'alice' },
      /^error: the shared stack is not applied yet.*Run `make plan && make apply` first\.$/,
      {},
    ));

  it('a shared stack applied before the instance id output existed', () => {
    const { jenkinsInstanceId: _, ...older } = sharedOutputs;
    return refuses(
      { releaseManagers: 'alice' },
      /^error: the shared stack has no output jenkinsInstanceId\. Run `make plan && make apply`/,
      older,
    );
  });

  it('a write SSM refuses: says what was written before it, and applies nothing', async () => {
    const before = fresh();
    putAnswer = (r) =>
      r.body.Name === '/shipyard/jenkins/release-managers'
        ? awsError('AccessDeniedException', `no kms:Encrypt for ${String(r.body.Value)}`)
        : { status: 200, body: { Version: 1 } };
    const pw = path.join(dir, 'pw2.txt');
    fs.writeFileSync(pw, PASSWORD);
    const { error } = await secrets({ adminPasswordFile: pw, releaseManagers: 'alice,bob' });
    expect(error).toBe(
      'error: could not write /shipyard/jenkins/release-managers (AccessDeniedException: no kms:Encrypt for [REDACTED]); written before it: /shipyard/jenkins/admin-password. Nothing was applied on the server. The identity running this needs ssm:PutParameter on /<project>/jenkins/* and kms:Encrypt with the secrets key (docs/aws.md).',
    );
    expect(sentSince(before).map((r) => r.target)).not.toContain('AmazonSSM.SendCommand');
  });

  it('a server not managed by SSM yet', async () => {
    fresh();
    const answerSend = ssm.requests.length;
    putAnswer = () => ({ status: 200, body: { Version: 1 } });
    const stand = await startSsmStandIn((r) =>
      r.target === 'AmazonSSM.SendCommand' ? awsError('InvalidInstanceId', '') : { status: 200, body: {} },
    );
    try {
      const ctx = testContext(fakeTerraform(sharedAre(sharedOutputs)));
      const error = await errorLine(
        writeJenkinsSecrets(
          ctx,
          { tfvars, out: path.join(dir, 'out'), applyOnly: true },
          { HOME: dir, AWS_PROFILE: 'ops' },
          {
            prompter: { interactive: false, secret: async () => '', line: async () => '' },
            client: (region) =>
              new SSMClient({
                region,
                endpoint: stand.url,
                credentials: { accessKeyId: 'A', secretAccessKey: 'S' },
                maxAttempts: 1,
              }),
          },
        ),
      );
      expect(error).toMatch(
        new RegExp(`^error: the Jenkins server ${INSTANCE} is not managed by SSM \\(yet\\)`),
      );
    } finally {
      await stand.close();
    }
    expect(ssm.requests.length).toBe(answerSend);
  });
});

describe('make jenkins-secrets, the real process', () => {
  let stubs: string;
  let tfArgv: string;

  beforeAll(() => {
    // Terraform stands in at its edge only: init, and the shared stack's outputs.
    stubs = path.join(dir, 'bin');
    tfArgv = path.join(dir, 'terraform-argv');
    fs.mkdirSync(stubs, { recursive: true });
    const outputs = path.join(dir, 'shared-outputs.json');
    fs.writeFileSync(outputs, JSON.stringify(sharedOutputs));
    fs.writeFileSync(
      path.join(stubs, 'terraform'),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> '${tfArgv}'\ncase "$*" in *output*) cat '${outputs}' ;; esac\nexit 0\n`,
      { mode: 0o755 },
    );
  });

  const processEnv = () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${stubs}:${process.env.PATH}`,
      HOME: dir,
      AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
      AWS_SECRET_ACCESS_KEY: 'stand-in',
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    for (const key of ['MAKELEVEL', 'MAKEFLAGS', 'MFLAGS', 'TF_PROVIDER_MIRROR', 'AWS_PROFILE'])
      delete env[key];
    return env;
  };

  it('writes from files and applies, and no value reaches stdout, stderr or any command line', async () => {
    const before = fresh();
    const pw = path.join(dir, 'pw-make.txt');
    fs.writeFileSync(pw, `${PASSWORD}\n`);
    const keyText = read(deployKey);
    secretsInFlight = [
      PASSWORD,
      ...keyText.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----')),
    ];
    argvLeaks.length = 0;
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        'make',
        [
          '-s',
          '-C',
          repoRoot,
          'jenkins-secrets',
          `TFVARS=${tfvars}`,
          `INFRA_OUT=${path.join(dir, 'make-out')}`,
          `ADMIN_PASSWORD_FILE=${pw}`,
          `DEPLOY_KEY_FILE=${deployKey}`,
          'RELEASE_MANAGERS=alice,bob',
          'SLACK_CHANNEL=#deploys',
        ],
        { env: processEnv() },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    // No process on the machine had a value on its command line while it was being written.
    expect(argvLeaks).toEqual([]);
    const sent = sentSince(before);
    expect(bodies(sent, 'PutParameter').map((b) => [b.Name, b.Type, b.KeyId])).toEqual([
      ['/shipyard/jenkins/admin-password', 'SecureString', ALIAS],
      ['/shipyard/jenkins/deploy-ssh-key', 'SecureString', ALIAS],
      ['/shipyard/jenkins/release-managers', 'String', undefined],
      ['/shipyard/jenkins/slack-channel', 'String', undefined],
    ]);
    expect(bodies(sent, 'PutParameter')[0]?.Value).toBe(PASSWORD);
    expect(bodies(sent, 'SendCommand')[0]).toMatchObject({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [INSTANCE],
      Parameters: { commands: [CONFIGURE_COMMAND] },
    });
    // Signed for SSM in the stack's region, with the credentials of the standard chain.
    expect(sent[0]?.headers.authorization).toMatch(
      /Credential=AKIDSTANDIN\/\d{8}\/eu-west-1\/ssm\/aws4_request/,
    );
    expect(r.stdout).toMatch(
      /Jenkins server i-0c0ffee0c0ffee000: bootstrap.sh's configure phase Success, exit 0/,
    );
    expect(r.stderr).toBe('');
    for (const secret of secretsInFlight) {
      expect(r.stdout).not.toContain(secret);
      expect(read(tfArgv)).not.toContain(secret);
    }
  });

  it('at a terminal, the password is asked with echo off: it never reaches the screen', async () => {
    const before = fresh();
    const cli = path.join(packageRoot, 'dist', 'cli.js');
    const command = `node ${cli} jenkins-secrets --tfvars ${tfvars} --out ${path.join(dir, 'pty-out')}`;
    // `script` gives the command a pseudo-terminal and copies everything shown on it to stdout.
    const child = spawn('script', ['-qefc', command, '/dev/null'], { env: processEnv() });
    let screen = '';
    const replies: [string, string][] = [
      ['Jenkins admin password', PASSWORD],
      ['The same password again', PASSWORD],
      ['Deploy SSH private key file', deployKey],
    ];
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      // Answer each question once it is on the screen, as a person would.
      const next = replies[0];
      if (next && screen.includes(next[0])) {
        replies.shift();
        child.stdin.write(`${next[1]}\r`);
      }
    });
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
    expect(code, screen).toBe(0);
    expect(replies).toEqual([]);
    expect(screen).toContain('Deploy SSH private key file');
    // The path was echoed (it is not secret); the password never was.
    expect(screen).toContain(deployKey);
    expect(screen).not.toContain(PASSWORD);
    expect(bodies(sentSince(before), 'PutParameter').map((b) => b.Value)).toEqual([
      PASSWORD,
      read(deployKey),
    ]);
  });
});
