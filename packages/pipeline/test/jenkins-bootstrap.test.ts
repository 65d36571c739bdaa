import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './helpers.js';

// These tests run bash, ssh-keygen and gpg for real; a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

// bootstrap.sh's configure phase runs for real, every system path under a scratch root
// (BOOTSTRAP_ROOT), with the commands that would touch the machine or AWS replaced by stubs on
// PATH: aws (SSM kept as files), systemctl and curl (logged). install, ssh-keygen, sha256sum
// and the rest are the real tools.
const STUBS: Record<string, string> = {
  aws: `#!/usr/bin/env bash
# aws ssm get-parameter / put-parameter against a directory of files.
echo "aws $*" >>"$STUB_LOG"
op=$2 name= value=
while [ $# -gt 0 ]; do
  case "$1" in --name) name=$2; shift ;; --value) value=$2; shift ;; esac
  shift
done
file="$STUB_SSM/$(printf '%s' "$name" | tr / _)"
case "$op" in
  get-parameter)
    if [ -f "$file" ]; then cat "$file"; echo; else
      echo "An error occurred (ParameterNotFound) when calling the GetParameter operation: $name" >&2; exit 254; fi ;;
  put-parameter) printf '%s' "$value" >"$file" ;;
  *) echo "stub aws: unexpected $op" >&2; exit 2 ;;
esac
`,
  systemctl: `#!/usr/bin/env bash
echo "systemctl $*" >>"$STUB_LOG"
case "$1" in
  is-active) [ -f "$STUB_STATE/active" ] ;;
  start | restart) touch "$STUB_STATE/active" ;;
esac
`,
  curl: `#!/usr/bin/env bash
echo "curl $*" >>"$STUB_LOG"
case "$*" in
  *169.254.169.254*) exit 7 ;;
  *localhost:8080/login*) printf 200 ;;
  *) echo "stub curl: no network here: $*" >&2; exit 6 ;;
esac
`,
};

const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMzXqz1vF7hY0p9wZ8kC5rTQ2cXb3sN4oP6uV7wY8eZa';

interface Run {
  root: string;
  bootstrapDir: string;
  ssm: string;
  log: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'shipyard-bootstrap-'));
  await mkdir(join(scratch, 'bin'));
  for (const [name, body] of Object.entries(STUBS)) {
    await writeFile(join(scratch, 'bin', name), body);
    await chmod(join(scratch, 'bin', name), 0o755);
  }
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const ENV = {
  PROJECT: 'shipyard',
  AWS_REGION: 'eu-west-1',
  ECR_REPOSITORY_URL: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service',
  JENKINS_REPO_URL: '',
  JENKINS_REPO_BRANCH: 'develop',
  SSM_PREFIX: '/shipyard/jenkins',
  AGENT_SSM_PREFIX: '/shipyard/agent',
  APP_PORT: '3000',
  DOCKER_GID: '2375',
};

/** A fresh root with the repository's jenkins/ as the bootstrap directory, and SSM parameters. */
async function prepare(name: string, env: Record<string, string>, ssm: Record<string, string>) {
  const root = join(scratch, name);
  const bootstrapDir = join(root, 'opt/jenkins-bootstrap');
  await mkdir(root, { recursive: true });
  await cp(join(repoRoot, 'jenkins'), bootstrapDir, { recursive: true });
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  await writeFile(join(bootstrapDir, 'bootstrap.env'), `${lines.join('\n')}\n`);
  const ssmDir = join(root, 'ssm');
  await mkdir(ssmDir);
  await mkdir(join(root, 'state'));
  for (const [param, value] of Object.entries(ssm))
    await writeFile(join(ssmDir, param.replaceAll('/', '_')), value);
  return { root, bootstrapDir, ssm: ssmDir, log: join(root, 'stub.log') };
}

async function run(where: Awaited<ReturnType<typeof prepare>>, script = 'bootstrap.sh'): Promise<Run> {
  const result = await execa('bash', [join(where.bootstrapDir, script)], {
    reject: false,
    env: {
      PATH: `${join(scratch, 'bin')}:${process.env.PATH}`,
      BOOTSTRAP_ROOT: where.root,
      BOOTSTRAP_DIR: where.bootstrapDir,
      BOOTSTRAP_PHASES: 'configure',
      JENKINS_USER: userInfo().username,
      AGENT_WAIT_SECONDS: '0',
      STUB_LOG: where.log,
      STUB_SSM: where.ssm,
      STUB_STATE: join(where.root, 'state'),
    },
    extendEnv: false,
  });
  return { ...where, exitCode: result.exitCode ?? 1, stdout: result.stdout, stderr: result.stderr };
}

const agentReady = {
  '/shipyard/agent/address': '10.20.0.99',
  '/shipyard/agent/host-key': HOST_KEY,
  '/shipyard/jenkins/deploy-ssh-key':
    '-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n-----END OPENSSH PRIVATE KEY-----',
};
const cascFiles = (r: Run) => readdirSync(join(r.root, 'etc/jenkins-bootstrap/casc')).sort();
const jenkinsEnv = (r: Run) =>
  Object.fromEntries(
    readFileSync(join(r.root, 'etc/jenkins-bootstrap/jenkins.env'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), JSON.parse(l.slice(l.indexOf('=') + 1))]),
  );

describe('bootstrap.sh, configure phase', () => {
  let empty: Run;
  beforeAll(async () => {
    empty = await run(await prepare('empty-repo', ENV, agentReady));
  });

  it('installs and configures Jenkins with an empty repository URL, and skips only the seed jobs', () => {
    expect(empty.stderr).toBe('');
    expect(empty.exitCode).toBe(0);
    expect(empty.stdout).toContain('seed jobs: skipped (jenkins_repo_url is empty)');
    // JCasC gets the base configuration and the agent, and no job.
    expect(cascFiles(empty)).toEqual(['agent.yaml', 'jenkins.yaml']);
    for (const file of cascFiles(empty)) {
      const doc = parse(readFileSync(join(empty.root, 'etc/jenkins-bootstrap/casc', file), 'utf8'));
      expect(Object.keys(doc), file).not.toContain('jobs');
    }
    expect(readFileSync(join(empty.root, 'etc/jenkins-bootstrap/casc/jenkins.yaml'), 'utf8')).toBe(
      readFileSync(join(repoRoot, 'jenkins/casc.yaml'), 'utf8'),
    );
    expect(jenkinsEnv(empty)).toMatchObject({
      JENKINS_REPO_URL: '',
      CASC_JENKINS_CONFIG: '/etc/jenkins-bootstrap/casc',
      SECRETS: '/var/lib/jenkins/casc-secrets',
      AGENT_HOST: '10.20.0.99',
      AGENT_HOST_KEY: HOST_KEY,
      RELEASE_MANAGERS: 'admin',
      DOCKER_GID: '2375',
    });
    const unit = readFileSync(
      join(empty.root, 'etc/systemd/system/jenkins.service.d/bootstrap.conf'),
      'utf8',
    );
    expect(unit).toContain('EnvironmentFile=/etc/jenkins-bootstrap/jenkins.env');
    expect(unit).toContain('-Djenkins.install.runSetupWizard=false');
    const calls = readFileSync(empty.log, 'utf8');
    expect(calls).toContain('systemctl daemon-reload');
    expect(calls).toContain('systemctl start jenkins');
  });

  it('keeps the secrets in files only the Jenkins user reads, and never prints them', () => {
    const secrets = join(empty.root, 'var/lib/jenkins/casc-secrets');
    for (const file of ['ADMIN_PASSWORD', 'DEPLOY_SSH_KEY', 'AGENT_SSH_KEY', 'SLACK_TOKEN']) {
      expect((statSync(join(secrets, file)).mode & 0o777).toString(8), file).toBe('600');
    }
    const password = readFileSync(join(secrets, 'ADMIN_PASSWORD'), 'utf8');
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(empty.stdout).not.toContain(password);
    expect(empty.stdout).not.toContain('not-a-real-key');
  });

  it("publishes the controller's agent key, whose private half stays on the controller", () => {
    const published = readFileSync(join(empty.ssm, '_shipyard_agent_authorized-key'), 'utf8');
    const pub = readFileSync(join(empty.root, 'var/lib/jenkins/casc-secrets/AGENT_SSH_KEY.pub'), 'utf8');
    expect(published).toBe(pub.trim());
    expect(published).toMatch(/^ssh-ed25519 [A-Za-z0-9+/]+ shipyard-jenkins-controller\n?$/);
  });

  it('runs one at a time: a second run waits for the lock, and gives up with one line', async () => {
    const where = await prepare('locked', ENV, agentReady);
    const lock = join(where.root, 'run/jenkins-bootstrap.lock');
    await mkdir(join(where.root, 'run'), { recursive: true });
    // A first run (cloud-init's, say) holding the lock.
    const holder = execa('flock', [lock, 'sleep', '30'], { reject: false });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const r = await execa('bash', [join(where.bootstrapDir, 'bootstrap.sh')], {
        reject: false,
        env: {
          PATH: `${join(scratch, 'bin')}:${process.env.PATH}`,
          BOOTSTRAP_ROOT: where.root,
          BOOTSTRAP_DIR: where.bootstrapDir,
          BOOTSTRAP_PHASES: 'configure',
          LOCK_WAIT_SECONDS: '1',
          STUB_LOG: where.log,
          STUB_SSM: where.ssm,
          STUB_STATE: join(where.root, 'state'),
        },
        extendEnv: false,
      });
      expect(r.exitCode).toBe(1);
      expect(r.stderr.trim()).toBe(
        `error: another bootstrap.sh still runs (it holds ${lock}); waited 1s, see ${join(where.root, 'var/log/jenkins-bootstrap.log')}`,
      );
      // Nothing was configured.
      expect(readdirSync(where.root)).not.toContain('etc');
    } finally {
      holder.kill();
    }
  });

  it('defines the seed jobs once a repository is set', async () => {
    const seeded = await run(
      await prepare(
        'with-repo',
        { ...ENV, JENKINS_REPO_URL: 'https://github.com/example/shipyard.git' },
        agentReady,
      ),
    );
    expect(seeded.exitCode).toBe(0);
    expect(cascFiles(seeded)).toEqual(['agent.yaml', 'jenkins.yaml', 'seed-jobs.yaml']);
    const seed = parse(readFileSync(join(seeded.root, 'etc/jenkins-bootstrap/casc/seed-jobs.yaml'), 'utf8'));
    expect(seed).toEqual({ jobs: [{ file: '/opt/jenkins-bootstrap/seed-job.groovy' }] });
  });

  it('starts Jenkins without an agent while the agent has not published its host key, or published garbage', async () => {
    for (const [name, hostKey] of [
      ['no-agent', undefined],
      ['bad-host-key', 'ssh-ed25519 not base64!'],
    ] as const) {
      const ssm: Record<string, string> = { '/shipyard/agent/address': '10.20.0.99' };
      if (hostKey) ssm['/shipyard/agent/host-key'] = hostKey;
      const r = await run(await prepare(name, ENV, ssm));
      expect(r.exitCode, name).toBe(0);
      expect(r.stdout, name).toContain('WARNING: no build agent yet');
      expect(cascFiles(r), name).toEqual(['jenkins.yaml']);
      expect(jenkinsEnv(r).AGENT_HOST_KEY, name).toBe('');
    }
  });

  it('restarts Jenkins on a rerun only when its configuration changed', async () => {
    const where = await prepare('rerun', ENV, agentReady);
    await run(where);
    const again = await run(where);
    expect(again.stdout).toContain('configuration unchanged: Jenkins keeps running');
    await writeFile(join(where.ssm, '_shipyard_jenkins_release-managers'), 'alice,bob');
    const changed = await run(where);
    expect(changed.stdout).toContain('configuration changed: restarting Jenkins');
    expect(jenkinsEnv(changed).RELEASE_MANAGERS).toBe('alice,bob');
  });

  it('refuses a bootstrap.env that sets anything else, with one line, before touching the system', async () => {
    const where = await prepare('bad-env', { ...ENV, JENKINS_KEY_FINGERPRINT: 'AAAA' }, agentReady);
    const r = await run(where);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^error: bootstrap\.env: unknown setting JENKINS_KEY_FINGERPRINT \(expected one of /,
      ),
    ]);
    expect(existsSync(join(where.root, 'etc'))).toBe(false);
    expect(existsSync(where.log)).toBe(false);
  });
});

describe("bootstrap.sh's download checks (real gpg and sha256sum)", () => {
  // Sourcing the script defines its functions without running it.
  const call = (snippet: string) =>
    execa('bash', ['-c', `source "${join(repoRoot, 'jenkins/bootstrap.sh')}"; ${snippet}`], {
      reject: false,
    });
  let keys: string;
  let fingerprint: string;
  beforeAll(async () => {
    keys = join(scratch, 'gnupg');
    await mkdir(keys, { mode: 0o700 });
    const gpg = (...args: string[]) => execa('gpg', ['--batch', '--homedir', keys, ...args]);
    for (const who of ['one', 'two']) {
      await gpg(
        '--passphrase',
        '',
        '--quick-gen-key',
        `${who} <${who}@example.com>`,
        'ed25519',
        'sign',
        'never',
      );
    }
    const listing = (await gpg('--with-colons', '--list-keys', 'one@example.com')).stdout;
    fingerprint =
      listing
        .split('\n')
        .find((l) => l.startsWith('fpr:'))
        ?.split(':')[9] ?? '';
    await writeFile(join(keys, 'one.asc'), (await gpg('--armor', '--export', 'one@example.com')).stdout);
    await writeFile(join(keys, 'both.asc'), (await gpg('--armor', '--export')).stdout);
  }, 120_000);

  it('accepts the key with the pinned fingerprint only', async () => {
    expect(fingerprint).toMatch(/^[0-9A-F]{40}$/);
    const ok = await call(`check_key_fingerprint "${join(keys, 'one.asc')}" ${fingerprint}`);
    expect(ok.exitCode).toBe(0);
    const other = await call(
      `check_key_fingerprint "${join(keys, 'one.asc')}" 5E386EADB55F01504CAE8BCF7198F4B714ABFC68`,
    );
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toContain(
      `expected the single primary key 5E386EADB55F01504CAE8BCF7198F4B714ABFC68, found: ${fingerprint}`,
    );
    // A file that adds a second key next to the pinned one is refused too.
    const both = await call(`check_key_fingerprint "${join(keys, 'both.asc')}" ${fingerprint}`);
    expect(both.exitCode).toBe(1);
  });

  it('accepts a download with the pinned SHA-256 only', async () => {
    const file = join(scratch, 'jar');
    await writeFile(file, 'plugin manager');
    const sum = (await execa('sha256sum', [file])).stdout.split(' ')[0];
    expect((await call(`check_sha256 "${file}" ${sum}`)).exitCode).toBe(0);
    const bad = await call(`check_sha256 "${file}" ${'0'.repeat(64)}`);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain(`SHA-256 ${sum}, expected ${'0'.repeat(64)}`);
  });

  it('pins Jenkins, its repository key and the plugin manager', async () => {
    const pins = await call(
      'echo "$JENKINS_VERSION $JENKINS_KEY_FINGERPRINT $PLUGIN_MANAGER_VERSION $PLUGIN_MANAGER_SHA256"',
    );
    const [jenkins, key, manager, sha] = pins.stdout.split(' ');
    expect(jenkins).toMatch(/^2\.\d{3}\.\d$/);
    // The jenkins.io-2026.key the Jenkins project published in December 2025 (docs/pipeline.md).
    expect(key).toBe('5E386EADB55F01504CAE8BCF7198F4B714ABFC68');
    expect(manager).toBe('2.15.0');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    // The plugin set was resolved for this LTS line.
    expect(await readFile(join(repoRoot, 'jenkins/plugins.lock.txt'), 'utf8')).toContain(
      `bom-${jenkins?.split('.').slice(0, 2).join('.')}.x`,
    );
  });
});

describe('agent-host/bootstrap.sh', () => {
  it("publishes the host key, lets only the controller's key in, and runs builds with Docker", async () => {
    const root = join(scratch, 'agent');
    const bin = join(root, 'bin');
    const dir = join(root, 'opt/jenkins-agent-bootstrap');
    await mkdir(bin, { recursive: true });
    await mkdir(join(root, 'ssm'));
    await cp(join(repoRoot, 'jenkins/agent-host'), dir, { recursive: true });
    await writeFile(
      join(dir, 'agent.env'),
      'PROJECT=shipyard\nAWS_REGION=eu-west-1\nAGENT_SSM_PREFIX=/shipyard/agent\nDOCKER_GID=2375\n',
    );
    // Everything that would change this machine's users, groups or services is a logging stub.
    const logOnly = '#!/usr/bin/env bash\necho "$(basename "$0") $*" >>"$STUB_LOG"\n';
    for (const name of ['dnf', 'groupadd', 'useradd', 'usermod', 'sshd', 'systemctl']) {
      await writeFile(join(bin, name), logOnly);
    }
    await writeFile(join(bin, 'getent'), `${logOnly}[ -f "$STUB_LOG.group" ] && echo "docker:x:2375:"\n`);
    await writeFile(join(bin, 'groupadd'), `${logOnly}touch "$STUB_LOG.group"\n`);
    await writeFile(join(bin, 'id'), `${logOnly}exit 1\n`);
    await cp(join(scratch, 'bin', 'aws'), join(bin, 'aws'));
    for (const name of readdirSync(bin)) await chmod(join(bin, name), 0o755);
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      BOOTSTRAP_ROOT: root,
      AWS_CLI: join(bin, 'aws'),
      STUB_LOG: join(root, 'stub.log'),
      STUB_SSM: join(root, 'ssm'),
    };
    const r = await execa('bash', [join(dir, 'bootstrap.sh')], { reject: false, env, extendEnv: false });
    expect(r.stderr, r.stdout).toBe('');
    expect(r.exitCode).toBe(0);

    const hostKey = readFileSync(join(root, 'etc/ssh/ssh_host_ed25519_key.pub'), 'utf8');
    expect(readFileSync(join(root, 'ssm/_shipyard_agent_host-key'), 'utf8')).toBe(
      hostKey.split(' ').slice(0, 2).join(' '),
    );
    const calls = readFileSync(env.STUB_LOG, 'utf8');
    expect(calls).toContain('groupadd --gid 2375 docker');
    expect(calls).toContain('usermod -aG docker jenkins');
    expect(calls).toContain('systemctl enable --now docker');
    expect(calls).toContain('systemctl reload sshd');

    const sshd = readFileSync(join(root, 'etc/ssh/sshd_config.d/50-jenkins-agent.conf'), 'utf8');
    expect(sshd).toMatch(
      /Match User jenkins\n\s+AuthorizedKeysFile none\n\s+AuthorizedKeysCommand \/usr\/local\/libexec\/jenkins-agent-authorized-keys %u\n\s+AuthorizedKeysCommandUser nobody/,
    );
    // The key command it wrote answers with the controller's published key for jenkins, and
    // with nothing for anyone else.
    await writeFile(
      join(root, 'ssm/_shipyard_agent_authorized-key'),
      'ssh-ed25519 AAAAcontroller shipyard-jenkins-controller',
    );
    const command = join(root, 'usr/local/libexec/jenkins-agent-authorized-keys');
    expect((statSync(command).mode & 0o777).toString(8)).toBe('755');
    const forJenkins = await execa(command, ['jenkins'], { env, extendEnv: false });
    expect(forJenkins.stdout).toBe('ssh-ed25519 AAAAcontroller shipyard-jenkins-controller');
    const forOthers = await execa(command, ['ec2-user'], { env, extendEnv: false });
    expect(forOthers.stdout).toBe('');
  });
});
