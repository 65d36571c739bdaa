import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { containerCli } from './app-image.js';
import { type Engine, engineFrom, httpGet, isPodman, pingEngine, startProcess, waitFor } from './engine.js';

/** A plain-HTTP registry on a loopback `address` (host:port), storing under `workDir`. */
export async function startRegistry(workDir: string, address: string): Promise<ChildProcess> {
  const config = join(workDir, 'registry.yml');
  await writeFile(
    config,
    stringify({
      version: 0.1,
      log: { level: 'warn' },
      storage: { filesystem: { rootdirectory: join(workDir, 'registry') } },
      http: { addr: address },
    }),
  );
  const registry = startProcess('docker-registry', ['serve', config]);
  await waitFor(
    `the registry on ${address}`,
    async () => (await httpGet(`http://${address}/v2/`).catch(() => ({ status: 0 }))).status === 200,
  );
  return registry;
}

/**
 * The engine the role should use to pull from `registry`. Docker pulls plain HTTP from loopback
 * by itself; podman reads registries.conf when its API service starts, so it gets a private
 * service on the same storage that knows the registry. Without the podman CLI (the Jenkins build
 * image drives the host's engine with docker's), the shared service must know the registry
 * already, as CI's does (.ci/containers.sh).
 */
export async function engineFor(
  shared: Engine,
  workDir: string,
  registry: string,
): Promise<{ engine: Engine; service?: ChildProcess }> {
  if (!(await isPodman(shared))) return { engine: shared };
  if ((await execa('podman', ['--version'], { reject: false })).exitCode !== 0) return { engine: shared };
  const conf = join(workDir, 'registries.conf');
  await writeFile(
    conf,
    `unqualified-search-registries = []\n[[registry]]\nlocation = "${registry}"\ninsecure = true\n`,
  );
  const engine = engineFrom(`unix://${join(workDir, 'engine.sock')}`);
  const service = startProcess('podman', ['system', 'service', '--time=0', engine.dockerHost], {
    ...process.env,
    CONTAINERS_REGISTRIES_CONF: conf,
  });
  await waitFor('a private podman API service', () => pingEngine(engine));
  return { engine, service };
}

/** Pushes a local image to its (loopback) registry and drops the local tag, so the role must pull. */
export async function pushAndForget(ref: string): Promise<void> {
  const tls = containerCli === 'podman' ? ['--tls-verify=false'] : [];
  await execa(containerCli, ['push', ...tls, ref]);
  await execa(containerCli, ['rmi', ref]);
}

/** The app role's timings in the real tests: health asked every second, short drains, HAProxy asked every second. */
export const QUICK_ROLE_TIMINGS = {
  app_health_retries: 8,
  app_health_delay: 1,
  app_drain_period_ms: 300,
  app_shutdown_timeout_ms: 1000,
  app_haproxy_wait_interval: 1,
  app_haproxy_wait_retries: 20,
} as const;

/** What a caller of startHaproxy may change. */
export interface HaproxyOptions {
  /** More lines for the `defaults` section (retries, redispatch...). */
  readonly defaults?: readonly string[];
  /** Each server's check options; default `inter 200ms fall 2 rise 1`. */
  readonly check?: string | undefined;
  /** The status the listener must answer before it counts as started; default any. */
  readonly answers?: number;
}

/**
 * HAProxy in front of `servers` (name -> loopback port), health-checking /health (every 200 ms
 * by default), with its admin socket at `<workDir>/haproxy.sock`. Resolves once the listener answers.
 */
export async function startHaproxy(
  workDir: string,
  port: number,
  backend: string,
  servers: Readonly<Record<string, number>>,
  options: HaproxyOptions = {},
): Promise<{ process: ChildProcess; socket: string }> {
  const socket = join(workDir, 'haproxy.sock');
  await writeFile(
    join(workDir, 'haproxy.cfg'),
    [
      'global',
      `  stats socket ${socket} level admin`,
      'defaults',
      '  mode http',
      '  timeout connect 1s',
      '  timeout client 5s',
      '  timeout server 5s',
      ...(options.defaults ?? []),
      'frontend web',
      `  bind 127.0.0.1:${port}`,
      `  default_backend ${backend}`,
      `backend ${backend}`,
      '  option httpchk GET /health',
      ...Object.entries(servers).map(
        ([name, serverPort]) =>
          `  server ${name} 127.0.0.1:${serverPort} check ${options.check ?? 'inter 200ms fall 2 rise 1'}`,
      ),
      '',
    ].join('\n'),
  );
  const haproxy = startProcess('haproxy', ['-db', '-f', join(workDir, 'haproxy.cfg')]);
  await waitFor('HAProxy', async () => {
    const { status } = await httpGet(`http://127.0.0.1:${port}/`).catch(() => ({ status: 0 }));
    return options.answers === undefined ? status !== 0 : status === options.answers;
  });
  return { process: haproxy, socket };
}
