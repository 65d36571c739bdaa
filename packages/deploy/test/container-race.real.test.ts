// The app role's container task on a real engine, with the race a crash-looping release causes
// made certain: the engine restarts the old container between the module's inspect (stopped, so
// no stop) and its removal, which then fails. The task must ask again and converge.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildAppImage, containerCli } from './support/app-image.js';
import { type Engine, engineApi, engineFrom, pingEngine } from './support/engine.js';

const rolesPath = fileURLToPath(new URL('../../../ansible/roles', import.meta.url));
const IMAGE = { crash: 'localhost/shipyard-deploy-race:crash', good: 'localhost/shipyard-deploy-race:good' };
const CONTAINER = 'shipyard-deploy-race-1';
// From this package's loopback range (3300-3399).
const APP_PORT = 3360;

let work: string;
let engine: Engine;
let proxy: http.Server | undefined;
const forcedRestarts: string[] = [];

/**
 * An engine API proxy on a unix socket. On the first DELETE of a container it starts that
 * container on the real engine before passing the DELETE on, as a restart policy would.
 */
function startProxy(socketPath: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const forward = () => {
      const upstream = http.request(
        { socketPath: engine.socketPath, method: req.method, path: req.url, headers: req.headers },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      upstream.on('error', (err) => res.destroy(err));
      req.pipe(upstream);
    };
    const removal = /^(?:\/v[\d.]+)?\/containers\/([^/?]+)(?:\?|$)/.exec(req.url ?? '');
    if (req.method === 'DELETE' && removal?.[1] && forcedRestarts.length === 0) {
      const id = removal[1];
      forcedRestarts.push(id);
      engineApi(engine, 'POST', `/containers/${id}/start`).then(forward, forward);
      return;
    }
    forward();
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

beforeAll(async () => {
  // Fail, never skip, when there is no engine.
  engine = engineFrom(process.env.DOCKER_HOST);
  if (!(await pingEngine(engine))) {
    throw new Error(`No container engine answers at DOCKER_HOST=${engine.dockerHost}.`);
  }
  work = await mkdtemp(join(tmpdir(), 'shipyard-deploy-race-'));
  await buildAppImage(work, IMAGE.crash, { version: 'crash', healthy: true, crash: true });
  await buildAppImage(work, IMAGE.good, { version: 'good', healthy: true });
  proxy = await startProxy(join(work, 'proxy.sock'));
}, 300_000);

afterAll(async () => {
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  if (engine) await engineApi(engine, 'DELETE', `/containers/${CONTAINER}?force=true`).catch(() => undefined);
  for (const ref of Object.values(IMAGE))
    await execa(containerCli, ['rmi', '--force', ref], { reject: false });
  if (work) await rm(work, { recursive: true, force: true });
}, 60_000);

describe("the app role's container task, when the engine restarts the old container mid-removal", () => {
  it('asks again and leaves the new image running', async () => {
    const vars = {
      app_container_name: CONTAINER,
      app_env: 'staging',
      app_image: IMAGE.good,
      app_version: 'good',
      app_host_port: APP_PORT,
      app_network_mode: 'host',
    };
    const playbook = join(work, 'replace.yml');
    await writeFile(
      playbook,
      stringify([
        {
          name: 'Replace a crash-looping container, caught between two restarts',
          hosts: 'localhost',
          connection: 'local',
          gather_facts: false,
          vars,
          tasks: [
            {
              name: 'Create the old container, stopped, with a restart policy.',
              'community.docker.docker_container': {
                name: CONTAINER,
                image: IMAGE.crash,
                state: 'stopped',
                restart_policy: 'unless-stopped',
                network_mode: 'host',
              },
            },
            {
              name: "Replace it with the role's container task.",
              'ansible.builtin.include_role': { name: 'app', tasks_from: 'container.yml' },
              vars: { __app_run_image: IMAGE.good },
            },
          ],
        },
      ]),
    );
    const result = await execa('ansible-playbook', ['-i', 'localhost,', playbook], {
      cwd: work,
      reject: false,
      all: true,
      env: {
        ANSIBLE_ROLES_PATH: rolesPath,
        DOCKER_HOST: `unix://${join(work, 'proxy.sock')}`,
        ANSIBLE_PYTHON_INTERPRETER: 'auto_silent',
      },
    });
    // The race happened: the proxy restarted the old container just before its removal.
    expect(forcedRestarts).toHaveLength(1);
    expect(result.all).toMatch(/FAILED - RETRYING: .*Ensure the container runs/);
    expect(result.exitCode, result.all).toBe(0);
    const { status, body } = await engineApi(engine, 'GET', `/containers/${CONTAINER}/json`);
    expect(status).toBe(200);
    expect((body as { Config: { Image: string } }).Config.Image).toBe(IMAGE.good);
  }, 240_000);
});
