// `deploy rollout --timeline` for real: the built CLI runs deploy.yml through ansible-playbook
// against a real container engine and a real HAProxy on loopback, under a steady load, and the
// SVG it writes must name each host, show each host's phases and the traffic moving to the new
// version.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseEvents } from '@shipyard/timeline';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildAppImage, containerCli } from './support/app-image.js';
import { type Engine, engineApi, engineFrom, pingEngine, stopProcess } from './support/engine.js';
import {
  engineFor,
  pushAndForget,
  QUICK_ROLE_TIMINGS,
  startHaproxy,
  startRegistry,
} from './support/stack.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

// Ports from this package's loopback range (3300-3399), apart from the other real tests'.
const REGISTRY = '127.0.0.1:3370';
const LB_PORT = 3372;
const HOSTS = { 'app-1': 3373, 'app-2': 3374 } as const;
const REPO = `${REGISTRY}/shipyard-deploy-timeline/app`;
const IMAGE = { a: `${REPO}:a`, b: `${REPO}:b` };
const container = (host: string) => `shipyard-deploy-timeline-${host}`;

let work: string;
let engine: Engine;
let registry: ChildProcess | undefined;
let privateEngine: ChildProcess | undefined;
let haproxy: ChildProcess | undefined;
let inventory: string;

function deploy(...args: string[]) {
  return execa('node', [cli, ...args, '--env', 'staging', '--inventory', inventory], {
    reject: false,
    all: true,
    env: { DOCKER_HOST: engine.dockerHost },
  });
}

/** A steady trickle of requests through the load balancer until stopped; counts what came back. */
function trickle(url: string) {
  let running = true;
  const seen: Record<string, number> = {};
  const loop = (async () => {
    while (running) {
      const outcome = await fetch(url, { signal: AbortSignal.timeout(5000) })
        .then(async (r) =>
          r.ok ? String(((await r.json()) as { version?: string }).version) : `HTTP ${r.status}`,
        )
        .catch(() => 'error');
      seen[outcome] = (seen[outcome] ?? 0) + 1;
      await sleep(25);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}

beforeAll(async () => {
  // Fail, never skip, when there is no engine: this test is the proof that --timeline works.
  const shared = engineFrom(process.env.DOCKER_HOST);
  if (!(await pingEngine(shared))) {
    throw new Error(
      `No container engine answers at DOCKER_HOST=${shared.dockerHost}. Start Docker or podman's API service.`,
    );
  }
  work = await mkdtemp(join(tmpdir(), 'shipyard-deploy-timeline-'));
  registry = await startRegistry(work, REGISTRY);
  ({ engine, service: privateEngine } = await engineFor(shared, work, REGISTRY));
  for (const version of ['a', 'b'] as const) {
    await buildAppImage(work, IMAGE[version], { version, healthy: true });
    await pushAndForget(IMAGE[version]);
  }
  const lb = await startHaproxy(work, LB_PORT, 'staging', HOSTS);
  haproxy = lb.process;

  const host = (name: keyof typeof HOSTS) => ({
    ansible_connection: 'local',
    ansible_python_interpreter: '{{ ansible_playbook_python }}',
    app_container_name: container(name),
    app_host_port: HOSTS[name],
    app_state_dir: join(work, 'state', name),
  });
  inventory = join(work, 'inventory.yml');
  await writeFile(
    inventory,
    stringify({
      staging: {
        vars: {
          app_env: 'staging',
          app_network_mode: 'host',
          app_become: false,
          app_prune_images: false,
          app_lb_driver: 'haproxy',
          app_haproxy_socket: lb.socket,
          app_haproxy_backend: 'staging',
          ...QUICK_ROLE_TIMINGS,
          // No bake: this test is about the picture of the phases, not about judging the release.
          app_bake_seconds: 0,
        },
        hosts: { 'app-1': host('app-1'), 'app-2': host('app-2') },
      },
    }),
  );
  const first = await deploy('rollout', '--image', IMAGE.a);
  if (first.exitCode !== 0) throw new Error(`the first roll-out (A) failed:\n${first.all}`);
}, 300_000);

afterAll(async () => {
  if (engine) {
    for (const name of Object.keys(HOSTS)) {
      await engineApi(engine, 'DELETE', `/containers/${container(name)}?force=true`).catch(() => undefined);
    }
  }
  for (const ref of Object.values(IMAGE))
    await execa(containerCli, ['rmi', '--force', ref], { reject: false });
  await stopProcess(haproxy);
  await stopProcess(privateEngine);
  await stopProcess(registry);
  if (work) await rm(work, { recursive: true, force: true });
}, 60_000);

describe('deploy rollout --timeline on a real engine behind a real HAProxy', () => {
  it('rolls B out over A under load and draws each host, its phases, and the traffic by version', async () => {
    const svgFile = join(work, 'rollout-b.svg');
    const eventsFile = join(work, 'events.jsonl');
    const load = trickle(`http://127.0.0.1:${LB_PORT}/`);
    await sleep(1500);
    const result = await deploy('rollout', '--image', IMAGE.b, '--timeline', svgFile, '--events', eventsFile);
    await sleep(1500);
    const seen = await load.stop();
    expect(result.exitCode, result.all).toBe(0);
    expect(seen.b, JSON.stringify(seen)).toBeGreaterThan(0);

    // The playbook's own record: each host leaves on A, starts B and is back in on B, one after
    // the other.
    const events = parseEvents(await readFile(eventsFile, 'utf8'));
    expect(events.map((e) => [e.host, e.phase, e.image])).toEqual([
      ['app-1', 'out', IMAGE.a],
      ['app-1', 'starting', IMAGE.b],
      ['app-1', 'in', IMAGE.b],
      ['app-2', 'out', IMAGE.a],
      ['app-2', 'starting', IMAGE.b],
      ['app-2', 'in', IMAGE.b],
    ]);

    const svg = await readFile(svgFile, 'utf8');
    expect(svg).toContain(`>Roll out ${IMAGE.b} to staging: done</text>`);
    expect(svg).toContain('>app-1</text>');
    expect(svg).toContain('>app-2</text>');
    for (const name of Object.keys(HOSTS)) {
      for (const [phase, version] of [
        ['out of the LB', 'a'],
        ['starting', 'b'],
        ['in service', 'b'],
      ]) {
        expect(svg).toMatch(
          new RegExp(`aria-label="${name}: ${phase} \\(${version}\\) from [\\d.]+ s to [\\d.]+ s"`),
        );
      }
    }
    // Traffic from HAProxy's counters, attributed to A ("before") and then B.
    expect(svg).toContain("<tspan>Requests per second from HAProxy's per-server counters");
    expect(svg).toMatch(/served: before \d+, b \d+|served: b \d+, before \d+/);
    expect(svg.match(/<g class="mark-area role-mark traffic_marks"/g)).toHaveLength(3);
    expect(result.all).toMatch(
      /Wrote the timeline of staging \(6 host phase event\(s\), \d+ load balancer sample\(s\)\)/,
    );
  }, 240_000);
});
