// A real run of the app role against a real container engine, through the real `deploy` CLI:
// images are built here, pushed to a registry started here, and pulled by the role.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildAppImage, containerCli } from './support/app-image.js';
import {
  type Engine,
  engineApi,
  engineFrom,
  httpGet,
  isPodman,
  pingEngine,
  startProcess,
  stopProcess,
  waitFor,
} from './support/engine.js';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const cli = join(pkgDir, 'dist', 'cli.js');

// Ports from this package's loopback range (3300-3399).
const REGISTRY = '127.0.0.1:3350';
const LB_PORT = 3352;
const APP_PORT = 3353;
const REPO = `${REGISTRY}/shipyard-deploy-test/app`;
const IMAGE = { a: `${REPO}:a`, b: `${REPO}:b`, c: `${REPO}:c`, d: `${REPO}:d` };
const CONTAINER = 'shipyard-deploy-test-app-1';

let work: string;
let engine: Engine;
let registry: ChildProcess | undefined;
let privateEngine: ChildProcess | undefined;
let haproxy: ChildProcess | undefined;
let inventory: string;

async function buildAndPush(name: keyof typeof IMAGE, healthy: boolean, crash = false): Promise<void> {
  await buildAppImage(work, IMAGE[name], { version: name, healthy, crash });
  // Loopback registries are plain HTTP: Docker allows that by default, podman needs the flag.
  const tls = containerCli === 'podman' ? ['--tls-verify=false'] : [];
  await execa(containerCli, ['push', ...tls, IMAGE[name]]);
  // Drop the local tag so the role has to pull from the registry.
  await execa(containerCli, ['rmi', IMAGE[name]]);
}

function deploy(...args: string[]) {
  return execa('node', [cli, ...args, '--env', 'staging', '--inventory', inventory], {
    reject: false,
    all: true,
    env: { DOCKER_HOST: engine.dockerHost },
  });
}

async function runningImage(): Promise<string | undefined> {
  const { status, body } = await engineApi(engine, 'GET', `/containers/${CONTAINER}/json`);
  if (status !== 200) return undefined;
  const container = body as { Config: { Image: string }; State: { Running: boolean } };
  return container.State.Running ? container.Config.Image : undefined;
}

async function state(): Promise<{ current: string; previous: string }> {
  return JSON.parse(await readFile(join(work, 'state', `${CONTAINER}.json`), 'utf8'));
}

beforeAll(async () => {
  // Fail, never skip, when there is no engine: this test is the proof that the role works.
  const shared = engineFrom(process.env.DOCKER_HOST);
  if (!(await pingEngine(shared))) {
    throw new Error(
      `No container engine answers at DOCKER_HOST=${shared.dockerHost}. Start Docker or podman's API service.`,
    );
  }
  work = await mkdtemp(join(tmpdir(), 'shipyard-deploy-real-'));

  await writeFile(
    join(work, 'registry.yml'),
    stringify({
      version: 0.1,
      log: { level: 'warn' },
      storage: { filesystem: { rootdirectory: join(work, 'registry') } },
      http: { addr: REGISTRY },
    }),
  );
  registry = startProcess('docker-registry', ['serve', join(work, 'registry.yml')]);
  await waitFor(
    `the registry on ${REGISTRY}`,
    async () => (await httpGet(`http://${REGISTRY}/v2/`).catch(() => ({ status: 0 }))).status === 200,
  );

  engine = shared;
  if (await isPodman(shared)) {
    // podman pulls plain-HTTP registries only when registries.conf says so, and reads that file
    // when its API service starts: run a private service, on the same storage, that knows ours.
    const conf = join(work, 'registries.conf');
    await writeFile(
      conf,
      `unqualified-search-registries = []\n[[registry]]\nlocation = "${REGISTRY}"\ninsecure = true\n`,
    );
    engine = engineFrom(`unix://${join(work, 'engine.sock')}`);
    privateEngine = startProcess('podman', ['system', 'service', '--time=0', engine.dockerHost], {
      ...process.env,
      CONTAINERS_REGISTRIES_CONF: conf,
    });
    await waitFor('a private podman API service', () => pingEngine(engine));
  }

  await buildAndPush('a', true);
  await buildAndPush('b', true);
  await buildAndPush('c', false);
  await buildAndPush('d', false, true);

  await writeFile(
    join(work, 'haproxy.cfg'),
    [
      'global',
      `  stats socket ${join(work, 'haproxy.sock')} level admin`,
      'defaults',
      '  mode http',
      '  timeout connect 1s',
      '  timeout client 5s',
      '  timeout server 5s',
      'frontend web',
      `  bind 127.0.0.1:${LB_PORT}`,
      '  default_backend staging',
      'backend staging',
      '  option httpchk GET /health',
      `  server app-1 127.0.0.1:${APP_PORT} check inter 200ms fall 2 rise 1`,
      '',
    ].join('\n'),
  );
  haproxy = startProcess('haproxy', ['-db', '-f', join(work, 'haproxy.cfg')]);
  await waitFor(
    'HAProxy',
    async () => (await httpGet(`http://127.0.0.1:${LB_PORT}/`).catch(() => ({ status: 0 }))).status === 503,
  );

  inventory = join(work, 'inventory.yml');
  await writeFile(
    inventory,
    stringify({
      staging: {
        hosts: {
          'app-1': {
            ansible_connection: 'local',
            ansible_python_interpreter: '{{ ansible_playbook_python }}',
            app_env: 'staging',
            app_container_name: CONTAINER,
            app_host_port: APP_PORT,
            app_network_mode: 'host',
            app_state_dir: join(work, 'state'),
            app_become: false,
            app_lb_driver: 'haproxy',
            app_haproxy_socket: join(work, 'haproxy.sock'),
            app_haproxy_backend: 'staging',
            app_health_retries: 8,
            app_health_delay: 1,
            app_drain_period_ms: 300,
            app_shutdown_timeout_ms: 1000,
            app_haproxy_wait_interval: 1,
            app_haproxy_wait_retries: 20,
          },
        },
      },
    }),
  );
}, 300_000);

afterAll(async () => {
  if (engine) await engineApi(engine, 'DELETE', `/containers/${CONTAINER}?force=true`).catch(() => undefined);
  for (const ref of Object.values(IMAGE)) {
    await execa(containerCli, ['rmi', '--force', ref], { reject: false });
  }
  await stopProcess(haproxy);
  await stopProcess(privateEngine);
  await stopProcess(registry);
  if (work) await rm(work, { recursive: true, force: true });
}, 60_000);

describe('the app role on a real container engine, through `deploy rollout`', () => {
  it('releases A, then B: B runs, answers, and HAProxy sends traffic to it', async () => {
    const first = await deploy('rollout', '--image', IMAGE.a);
    expect(first.exitCode, first.all).toBe(0);
    expect(await runningImage()).toBe(IMAGE.a);

    const second = await deploy('rollout', '--image', IMAGE.b);
    expect(second.exitCode, second.all).toBe(0);
    expect(second.all).toMatch(/Summary: 1 host\(s\): 1 ok, 1 changed, 0 failed, 0 unreachable/);
    expect(await runningImage()).toBe(IMAGE.b);
    expect(JSON.parse((await httpGet(`http://127.0.0.1:${APP_PORT}/`)).body)).toMatchObject({
      version: 'b',
      appEnv: 'staging',
      appVersion: 'b',
    });
    expect(JSON.parse((await httpGet(`http://127.0.0.1:${LB_PORT}/`)).body)).toMatchObject({ version: 'b' });
    expect(await state()).toEqual({ current: IMAGE.b, previous: IMAGE.a });
  }, 240_000);

  // Both ways a release goes wrong: it starts but never gets healthy, or it exits at start and
  // crash-loops under its restart policy (replacing that races the engine's restarts).
  it.each([
    ['the unhealthy C', IMAGE.c],
    ['D, which exits at start and crash-loops', IMAGE.d],
  ])(
    'refuses %s: the play fails clearly and B is back, answering behind HAProxy',
    async (_, image) => {
      const result = await deploy('rollout', '--image', image);
      expect(result.exitCode).not.toBe(0);
      expect(result.all).toContain(`Release to ${image} failed on app-1`);
      expect(result.all).toContain(`The host is back on ${IMAGE.b} and in the load balancer.`);
      expect(result.all).toMatch(/error: rollout on staging failed/);
      expect(await runningImage()).toBe(IMAGE.b);
      expect(JSON.parse((await httpGet(`http://127.0.0.1:${APP_PORT}/health`)).body)).toMatchObject({
        version: 'b',
      });
      expect(JSON.parse((await httpGet(`http://127.0.0.1:${LB_PORT}/`)).body)).toMatchObject({
        version: 'b',
      });
      expect(await state()).toEqual({ current: IMAGE.b, previous: IMAGE.a });
    },
    240_000,
  );

  it('rolls back to the recorded previous image, A', async () => {
    const result = await deploy('rollback');
    expect(result.exitCode, result.all).toBe(0);
    expect(await runningImage()).toBe(IMAGE.a);
    expect(JSON.parse((await httpGet(`http://127.0.0.1:${LB_PORT}/`)).body)).toMatchObject({ version: 'a' });
    expect(await state()).toEqual({ current: IMAGE.a, previous: IMAGE.b });
  }, 240_000);

  it('changes nothing on a dry run (--check --diff)', async () => {
    const result = await deploy('rollout', '--image', IMAGE.b, '--check', '--diff');
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('(check mode: nothing changes)');
    expect(await runningImage()).toBe(IMAGE.a);
    expect(await state()).toEqual({ current: IMAGE.a, previous: IMAGE.b });
  }, 240_000);
});
