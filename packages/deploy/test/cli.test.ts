// The built CLI on bad input: one line on stderr, a non-zero exit, and nothing run.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const fixture = fileURLToPath(new URL('fixtures/outputs.json', import.meta.url));
const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service:1.2.3';

let work: string;
let production: string;
let empty: string;

function deploy(args: string[], env: Record<string, string> = {}) {
  return execa('node', [cli, ...args], { reject: false, env, extendEnv: !env.PATH });
}

/** Exactly one line on stderr, starting with `error:` and matching `pattern`; nothing on stdout. */
async function refused(args: string[], pattern: RegExp, env?: Record<string, string>) {
  const result = await deploy(args, env);
  expect(result.exitCode).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter(Boolean);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'deploy-cli-'));
  production = join(work, 'production.yml');
  await writeFile(
    production,
    [
      'production:',
      '  hosts:',
      '    web-1:',
      '      ansible_connection: local',
      "      ansible_python_interpreter: '{{ ansible_playbook_python }}'",
      `      app_state_dir: ${join(work, 'state')}`,
      '      app_become: false',
      '',
    ].join('\n'),
  );
  empty = join(work, 'empty.yml');
  await writeFile(empty, 'staging:\n  hosts: {}\nproduction:\n  hosts: {}\n');
});

describe('deploy --help', () => {
  it('documents every command', async () => {
    const { stdout, exitCode } = await deploy(['--help']);
    expect(exitCode).toBe(0);
    for (const command of ['inventory', 'provision', 'rollout', 'rollback', 'status', 'reconcile', 'lock'])
      expect(stdout).toContain(command);
  });
});

describe('deploy inventory', () => {
  it('prints the private addresses of hosts without public IPs', async () => {
    const { stdout, exitCode } = await deploy([
      'inventory',
      '--env',
      'production',
      '--address',
      'private',
      '--outputs',
      fixture,
    ]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('ansible_host: 10.20.8.21');
  });

  it('prints the inventory YAML for an environment', async () => {
    const { stdout, exitCode } = await deploy(['inventory', '--env', 'staging', '--outputs', fixture]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('i-0123456789abcdef0:');
    expect(stdout).toContain('ansible_host: 203.0.113.11');
  });
});

describe('bad input is refused before anything runs', () => {
  it('an unknown environment', () =>
    refused(
      ['rollout', '--env', 'prod', '--image', image, '--outputs', fixture],
      /argument 'prod' is invalid\. Allowed choices are staging, production/,
    ));

  it('a malformed image reference', () =>
    refused(
      ['rollout', '--env', 'staging', '--image', 'service:latest', '--outputs', fixture],
      /'--image <ref>' argument 'service:latest' is invalid\. expected registry\/repository:tag/,
    ));

  it('a missing outputs file', () =>
    refused(
      ['rollout', '--env', 'staging', '--image', image, '--outputs', join(work, 'nope.json')],
      /does not exist/,
    ));

  it('an unreadable outputs file', () =>
    refused(['provision', '--env', 'staging', '--outputs', work], /cannot be read/));

  it('an outputs file of the wrong shape', async () => {
    const file = join(work, 'wrong.json');
    await writeFile(file, JSON.stringify({ project: 'x' }));
    await refused(['rollback', '--env', 'staging', '--outputs', file], /wrong shape at region/);
  });

  it('public addresses for hosts without a public IP', () =>
    refused(
      ['rollout', '--env', 'production', '--image', image, '--outputs', fixture],
      /host i-0fedcba9876543210 of production has no public IP\. .*--address private/,
    ));

  it('a missing --env', () =>
    refused(['rollback', '--outputs', fixture], /required option '--env <name>' not specified/));

  it('an environment with no hosts in a hand-written inventory', () =>
    refused(['rollback', '--env', 'staging', '--inventory', empty], /"staging" has no hosts in/));

  it('ansible-playbook not installed, with how to install it', () =>
    refused(
      ['rollout', '--env', 'staging', '--image', image, '--outputs', fixture],
      /ansible-playbook is not installed.*apt-get install ansible.*pipx install/,
      { PATH: dirname(process.execPath) },
    ));

  // The lock lives on the environment's first host, so a deploy from any checkout meets it.
  it("a second deploy while another deployer holds the lock on the environment's first host", async () => {
    const lock = join(work, 'state', 'deploy.lock');
    await mkdir(lock, { recursive: true });
    await writeFile(
      join(lock, 'holder.json'),
      JSON.stringify({
        id: 'x',
        who: 'alice@laptop',
        pid: 4242,
        since: new Date().toISOString(),
        command: 'rollout',
        image: image,
        cwd: '/home/alice/shipyard',
      }),
    );
    try {
      await refused(
        ['rollout', '--env', 'production', '--image', image, '--inventory', production],
        /production is locked by alice@laptop \(rollout of .*shipyard-service:1\.2\.3, pid 4242, since .*, from \/home\/alice\/shipyard\)\. .*deploy lock release --env production/,
      );
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  });

  it('a bad --serial', () =>
    refused(['rollback', '--env', 'production', '--serial', '0', '--inventory', production], /--serial/));
});
