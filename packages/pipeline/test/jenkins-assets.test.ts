import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { filesUnder, repoRoot } from './helpers.js';

/** How a JCasC file refers to a variable: `${NAME}`. */
const jcascVariable = (name: string) => `\${${name}}`;

// These tests start real tools (git, make, a JVM, podman); a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const jenkinsDir = join(repoRoot, 'jenkins');
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'shipyard-jenkins-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const read = (file: string) => readFileSync(join(jenkinsDir, file), 'utf8');
/** Lines of a plugin file that name a plugin, as [id, version]. */
const pluginLines = (file: string) =>
  read(file)
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(':') as [string, string]);

async function cloudInitSchema(content: string) {
  const file = join(scratch, `user-data-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, content);
  return execa('cloud-init', ['schema', '--config-file', file], { reject: false });
}

describe('Jenkins server bootstrap assets', () => {
  it('`cloud-init schema` rejects a broken cloud-config (so the check above can fail)', async () => {
    const result = await cloudInitSchema('#cloud-config\nwrite_files:\n  - path: 5\n    encoding: bogus\n');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("'bogus' is not one of");
  });

  it('every shell script passes shellcheck', async () => {
    const scripts = filesUnder(jenkinsDir).filter((f) => f.endsWith('.sh'));
    expect(scripts).toEqual(
      expect.arrayContaining(['bootstrap.sh', 'check-plugins.sh', 'agent-host/bootstrap.sh']),
    );
    const result = await execa('shellcheck', ['--severity=style', ...scripts], {
      cwd: jenkinsDir,
      reject: false,
    });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('the JCasC files pass yamllint', async () => {
    const config = JSON.stringify({
      extends: 'default',
      rules: { 'line-length': { max: 140 }, 'document-start': 'disable' },
    });
    const files = ['casc.yaml', 'casc-agent.yaml', 'casc-seed.yaml'];
    const result = await execa('yamllint', ['--strict', '-d', config, ...files], {
      cwd: jenkinsDir,
      reject: false,
    });
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  });

  describe('casc.yaml', () => {
    const casc = parse(read('casc.yaml'));
    const credentials = casc.credentials.system.domainCredentials.flatMap(
      (d: { credentials: Record<string, { id: string; scope: string }>[] }) => d.credentials,
    );
    const byId = (id: string) =>
      credentials
        .map((c: Record<string, { id: string; scope: string }>) => Object.values(c)[0])
        .find((c: { id: string }) => c.id === id);

    it('gives the built-in node no executor: nothing builds on the controller', () => {
      expect(casc.jenkins.numExecutors).toBe(0);
      expect(casc.jenkins.mode).toBe('EXCLUSIVE');
    });

    it('turns Job DSL script security on', () => {
      expect(casc.security.globalJobDslSecurityConfiguration.useScriptSecurity).toBe(true);
    });

    it('holds no deploy key (the release job does) and keeps the agent key out of builds', () => {
      expect(byId('deploy-ssh-key')).toBeUndefined();
      expect(byId('agent-ssh-key')?.scope).toBe('SYSTEM');
    });

    it('lets only admin administer; nobody else configures jobs or replays builds with edited code', () => {
      const entries = casc.jenkins.authorizationStrategy.globalMatrix.entries;
      const grants = entries.flatMap((e: Record<string, { name: string; permissions: string[] }>) =>
        Object.values(e).map((g) => [g.name, g.permissions] as const),
      );
      const admins = grants.filter(([, p]: readonly [string, string[]]) => p.includes('Overall/Administer'));
      expect(admins.map(([n]: readonly [string, string[]]) => n)).toEqual(['admin']);
      for (const [name, permissions] of grants) {
        if (name === 'admin') continue;
        expect(permissions, name).not.toEqual(
          expect.arrayContaining([
            expect.stringMatching(/Job\/Configure|Run\/Replay|Job\/Create|Overall\/Administer/),
          ]),
        );
      }
    });

    it('tells every build who may approve production, and the docker group to join', () => {
      const env = casc.jenkins.globalNodeProperties[0].envVars.env.map((e: { key: string }) => e.key);
      expect(env).toEqual(expect.arrayContaining(['RELEASE_MANAGERS', 'DOCKER_GID']));
    });

    it('holds no secret values, only references', () => {
      const text = read('casc.yaml');
      for (const secret of ['ADMIN_PASSWORD', 'AGENT_SSH_KEY', 'GIT_SSH_KEY', 'SLACK_TOKEN']) {
        expect(text).toMatch(new RegExp(`"\\$\\{${secret}(:-)?\\}"`));
      }
      expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|xox[bp]-/);
    });
  });

  it('connects to the agent over SSH with the controller key and the pinned host key', () => {
    const node = parse(read('casc-agent.yaml')).jenkins.nodes[0].permanent;
    expect(node.labelString).toBe('docker');
    expect(node.launcher.ssh).toMatchObject({
      host: jcascVariable('AGENT_HOST'),
      credentialsId: 'agent-ssh-key',
    });
    expect(node.launcher.ssh.sshHostKeyVerificationStrategy).toEqual({
      manuallyProvidedKeyVerificationStrategy: { key: jcascVariable('AGENT_HOST_KEY') },
    });
  });

  it('every variable the JCasC files need is one bootstrap.sh provides', () => {
    const bootstrap = read('bootstrap.sh');
    const envBlock = bootstrap.split('<<ENV\n')[1]?.split('\nENV\n')[0] ?? '';
    const provided = new Set([
      ...envBlock.split('\n').map((line) => line.split('=')[0]),
      ...[...bootstrap.matchAll(/write_secret ([A-Z_]+) /g)].map((m) => m[1]),
      // ssh-keygen writes the agent key into the secrets directory.
      ...[...bootstrap.matchAll(/\$SECRETS_DIR\/([A-Z_]+)\b/g)].map((m) => m[1]),
    ]);
    const required = ['casc.yaml', 'casc-agent.yaml', 'casc-seed.yaml'].flatMap((f) =>
      [...read(f).matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1] ?? ''),
    );
    expect(required).toEqual(
      expect.arrayContaining(['ADMIN_PASSWORD', 'AGENT_SSH_KEY', 'AGENT_HOST', 'AGENT_HOST_KEY']),
    );
    for (const name of required) expect(provided, `a JCasC file needs \${${name}}`).toContain(name);
    // The seed job reads the repository from the service environment too.
    expect(read('seed-job.groovy')).toContain("env['JENKINS_REPO_URL']");
  });

  describe('plugins', () => {
    const wanted = pluginLines('plugins.txt');
    const lock = pluginLines('plugins.lock.txt');

    it('pin every plugin as id:version, sorted, without duplicates', () => {
      for (const file of [wanted, lock]) {
        for (const [id, version] of file)
          expect(`${id}:${version}`).toMatch(/^[a-z0-9][a-z0-9_-]*:[0-9][0-9A-Za-z._-]*$/);
        const ids = file.map(([id]) => id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual([...ids].sort());
      }
    });

    it('record every requested plugin in the lock, at the same version', () => {
      const locked = new Map(lock);
      for (const [id, version] of wanted) expect(locked.get(id), id).toBe(version);
      expect(lock.length).toBeGreaterThan(wanted.length);
    });

    it('hold what the Jenkinsfile, JCasC and the seed job use', () => {
      const ids = wanted.map(([id]) => id);
      for (const id of [
        'workflow-aggregator',
        'pipeline-model-definition',
        'docker-workflow', // agent { dockerfile }
        'lockable-resources', // lock()
        'ansicolor', // ansiColor('xterm')
        'ssh-slaves', // the SSH build agent
        'ssh-agent', // sshagent()
        'matrix-auth', // globalMatrix
        'configuration-as-code',
        'job-dsl',
        'git',
        'slack',
        'junit',
        'timestamper',
        'pipeline-stage-view',
        'credentials-binding',
        'branch-api',
        'workflow-multibranch',
        'basic-branch-build-strategies',
        'pipeline-input-step',
        'cloudbees-folder', // folder credentials
      ]) {
        expect(ids, `plugins.txt lacks ${id}`).toContain(id);
      }
    });
  });
});

/** Writes a .jpi whose manifest says what the arguments say (a zip, as Jenkins plugins are). */
async function fakePlugin(dir: string, name: string, version: string, extra: Record<string, string> = {}) {
  const lines = [
    'Manifest-Version: 1.0',
    `Short-Name: ${name}`,
    `Plugin-Version: ${version}`,
    ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`),
  ];
  // Real manifests wrap at 72 bytes, continuing on lines that start with a space.
  const wrapped = lines.flatMap((line) => {
    const out = [line.slice(0, 72)];
    for (let i = 72; i < line.length; i += 71) out.push(` ${line.slice(i, i + 71)}`);
    return out;
  });
  const work = join(dir, `.${name}`);
  await mkdir(join(work, 'META-INF'), { recursive: true });
  await writeFile(join(work, 'META-INF', 'MANIFEST.MF'), `${wrapped.join('\r\n')}\r\n\r\n`);
  await execa('python3', [
    '-c',
    'import shutil,sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2])',
    join(dir, name),
    work,
  ]);
  await execa('mv', [join(dir, `${name}.zip`), join(dir, `${name}.jpi`)]);
  await rm(work, { recursive: true });
}

describe('check-plugins.sh', () => {
  const check = (dir: string, lock: string, core = '2.568.2') =>
    execa(join(jenkinsDir, 'check-plugins.sh'), [dir, lock, core], { reject: false });

  async function scenario(name: string) {
    const dir = join(scratch, name);
    await mkdir(dir, { recursive: true });
    const longDeps = Array.from({ length: 6 }, (_, i) => `dep-plugin-number-${i}:1.${i}`).join(',');
    await fakePlugin(dir, 'workflow-job', '1571.1580.v18e46842c125', {
      'Jenkins-Version': '2.479.3',
      'Plugin-Dependencies': 'workflow-api:1336.vee415d95c521,optional-thing:1.0;resolution:=optional',
    });
    await fakePlugin(dir, 'workflow-api', '1413.v2ff1a_5e720fa_', { 'Jenkins-Version': '2.479.1' });
    await fakePlugin(dir, 'wide', '1.0', { 'Plugin-Dependencies': longDeps });
    for (let i = 0; i < 6; i++) await fakePlugin(dir, `dep-plugin-number-${i}`, `1.${i}`);
    const lock = join(dir, 'plugins.lock.txt');
    const entries = [
      'workflow-job:1571.1580.v18e46842c125',
      'workflow-api:1413.v2ff1a_5e720fa_',
      'wide:1.0',
      ...Array.from({ length: 6 }, (_, i) => `dep-plugin-number-${i}:1.${i}`),
    ];
    await writeFile(lock, `# the lock\n${entries.sort().join('\n')}\n`);
    return { dir, lock };
  }

  it('accepts the exact locked set, reading wrapped manifests and skipping optional dependencies', async () => {
    const { dir, lock } = await scenario('ok');
    const result = await check(dir, lock);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      'plugins: 9 installed, exactly plugins.lock.txt; every dependency met on Jenkins 2.568.2',
    );
  });

  it('names every difference from the lock, a missing or too old dependency, and a too new core', async () => {
    const { dir, lock } = await scenario('bad');
    await fakePlugin(dir, 'extra', '2.0');
    await fakePlugin(dir, 'workflow-api', '1300.vaaaaaaaaaaaa', { 'Jenkins-Version': '2.600' });
    await fakePlugin(dir, 'needy', '1.0', { 'Plugin-Dependencies': 'absent:1.0' });
    await writeFile(lock, `${readFileSync(lock, 'utf8')}needy:1.0\nghost:3.0\n`);
    const result = await check(dir, lock);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'extra:2.0 was resolved but is not in plugins.lock.txt',
      'ghost:3.0 is in plugins.lock.txt but was not downloaded',
      'needy needs absent 1.0, which is not installed',
      'workflow-api needs Jenkins 2.600, newer than 2.568.2',
      'workflow-api resolved to 1300.vaaaaaaaaaaaa, plugins.lock.txt pins 1413.v2ff1a_5e720fa_',
      'workflow-job needs workflow-api 1336.vee415d95c521 or newer, 1300.vaaaaaaaaaaaa is installed',
    ]);
  });
});
