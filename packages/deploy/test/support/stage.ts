// A real stage for the app role: a registry, the container engine (a private podman API service
// when the engine is podman), HAProxy with one server per host, images pushed to the registry,
// and an inventory of hosts sharing the engine. Everything it starts, `teardown` stops.
import type { ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { stringify } from 'yaml';
import { type AppBehaviour, buildAppImage, containerCli } from './app-image.js';
import {
  type Engine,
  engineApi,
  engineFrom,
  httpGet,
  pingEngine,
  startProcess,
  stopProcess,
  waitFor,
} from './engine.js';
import { engineFor, QUICK_ROLE_TIMINGS, startHaproxy } from './stack.js';

const pkgDir = fileURLToPath(new URL('../..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
export const cli = join(pkgDir, 'dist', 'cli.js');

export interface StageOptions {
  /** Names containers, images and the temporary directory. */
  readonly name: string;
  readonly registryPort: number;
  readonly lbPort: number;
  /** One host per port: `app-1` on the first, `app-2` on the second... */
  readonly appPorts: readonly number[];
  /** Images to build and push, by key. */
  readonly images: Readonly<Record<string, AppBehaviour>>;
  /** Variables for every host, on top of the stage's own. */
  readonly hostVars?: Readonly<Record<string, unknown>>;
  /** HAProxy's check of each server. */
  readonly check?: string;
}

export interface StageHost {
  readonly name: string;
  readonly port: number;
  readonly container: string;
}

export class Stage {
  private constructor(
    readonly work: string,
    readonly engine: Engine,
    readonly inventory: string,
    readonly images: Readonly<Record<string, string>>,
    readonly hosts: readonly StageHost[],
    readonly lbPort: number,
    private readonly processes: ChildProcess[],
  ) {}

  static async start(options: StageOptions): Promise<Stage> {
    // Fail, never skip, when there is no engine: these tests are the proof that the role works.
    const shared = engineFrom(process.env.DOCKER_HOST);
    if (!(await pingEngine(shared))) {
      throw new Error(
        `No container engine answers at DOCKER_HOST=${shared.dockerHost}. Start Docker or podman's API service.`,
      );
    }
    const work = await mkdtemp(join(tmpdir(), `${options.name}-`));
    const processes: ChildProcess[] = [];
    const registry = `127.0.0.1:${options.registryPort}`;
    await writeFile(
      join(work, 'registry.yml'),
      stringify({
        version: 0.1,
        log: { level: 'warn' },
        storage: { filesystem: { rootdirectory: join(work, 'registry') } },
        http: { addr: registry },
      }),
    );
    processes.push(startProcess('docker-registry', ['serve', join(work, 'registry.yml')]));
    await waitFor(
      `the registry on ${registry}`,
      async () => (await httpGet(`http://${registry}/v2/`).catch(() => ({ status: 0 }))).status === 200,
    );

    const { engine, service } = await engineFor(shared, work, registry);
    if (service) processes.push(service);

    const repo = `${registry}/${options.name}/app`;
    const images: Record<string, string> = {};
    for (const [key, behaviour] of Object.entries(options.images)) {
      const ref = `${repo}:${key}`;
      await buildAppImage(work, ref, behaviour);
      // Loopback registries are plain HTTP: Docker allows that by default, podman needs the flag.
      const tls = containerCli === 'podman' ? ['--tls-verify=false'] : [];
      await execa(containerCli, ['push', ...tls, ref]);
      // Drop the local tag so the role has to pull from the registry.
      await execa(containerCli, ['rmi', ref]);
      images[key] = ref;
    }

    const hosts = options.appPorts.map((port, i) => ({
      name: `app-${i + 1}`,
      port,
      container: `${options.name}-app-${i + 1}`,
    }));
    // Nothing is up yet: the listener answers HAProxy's own 503.
    const lb = await startHaproxy(
      work,
      options.lbPort,
      'staging',
      Object.fromEntries(hosts.map((h) => [h.name, h.port])),
      {
        defaults: [
          '  retries 3',
          '  option redispatch 1',
          '  retry-on conn-failure empty-response response-timeout 502 503 504',
        ],
        check: options.check,
        answers: 503,
      },
    );
    processes.push(lb.process);
    const socket = lb.socket;

    const inventory = join(work, 'inventory.yml');
    await writeFile(
      inventory,
      stringify({
        staging: {
          hosts: Object.fromEntries(
            hosts.map((h) => [
              h.name,
              {
                ansible_connection: 'local',
                ansible_python_interpreter: '{{ ansible_playbook_python }}',
                app_env: 'staging',
                app_container_name: h.container,
                app_host_port: h.port,
                app_network_mode: 'host',
                app_state_dir: join(work, 'state', h.name),
                app_become: false,
                app_lb_driver: 'haproxy',
                app_haproxy_socket: socket,
                app_haproxy_backend: 'staging',
                ...QUICK_ROLE_TIMINGS,
                app_extra_env: { TEST_HOST_NAME: h.name },
                ...options.hostVars,
              },
            ]),
          ),
        },
      }),
    );
    return new Stage(work, engine, inventory, images, hosts, options.lbPort, processes);
  }

  get socket(): string {
    return join(this.work, 'haproxy.sock');
  }

  /** The built `deploy` CLI against this stage's inventory. */
  deploy(
    args: readonly string[],
    options: { cli?: string; cwd?: string } = {},
  ): ResultPromise<{ all: true }> {
    return execa('node', [options.cli ?? cli, ...args, '--env', 'staging', '--inventory', this.inventory], {
      reject: false,
      all: true,
      cwd: options.cwd,
      env: { DOCKER_HOST: this.engine.dockerHost },
    }) as unknown as ResultPromise<{ all: true }>;
  }

  async runningImage(host: StageHost): Promise<string | undefined> {
    const { status, body } = await engineApi(this.engine, 'GET', `/containers/${host.container}/json`);
    if (status !== 200) return undefined;
    const container = body as { Config: { Image: string }; State: { Running: boolean } };
    return container.State.Running ? container.Config.Image : undefined;
  }

  async state(host: StageHost): Promise<{ current: string; previous: string }> {
    return JSON.parse(await readFile(join(this.work, 'state', host.name, `${host.container}.json`), 'utf8'));
  }

  lockDir(): string {
    return join(this.work, 'state', 'app-1', 'deploy.lock');
  }

  async teardown(): Promise<void> {
    for (const host of this.hosts) {
      await engineApi(this.engine, 'DELETE', `/containers/${host.container}?force=true`).catch(
        () => undefined,
      );
    }
    for (const ref of Object.values(this.images)) {
      await execa(containerCli, ['rmi', '--force', ref], { reject: false });
    }
    for (const child of [...this.processes].reverse()) await stopProcess(child);
    await rm(this.work, { recursive: true, force: true });
  }
}

/**
 * Another checkout of the deploy CLI: its own directory with the built CLI and ansible/, sharing
 * only the installed dependencies. A lock kept in a checkout would not be seen from here.
 */
export async function secondCheckout(dir: string): Promise<string> {
  const deployDir = join(dir, 'packages', 'deploy');
  await mkdir(deployDir, { recursive: true });
  await cp(join(pkgDir, 'dist'), join(deployDir, 'dist'), { recursive: true });
  await cp(join(pkgDir, 'package.json'), join(deployDir, 'package.json'));
  await symlink(join(pkgDir, 'node_modules'), join(deployDir, 'node_modules'));
  await cp(join(repoRoot, 'ansible'), join(dir, 'ansible'), { recursive: true });
  return join(deployDir, 'dist', 'cli.js');
}
