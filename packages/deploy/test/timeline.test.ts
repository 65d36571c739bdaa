// The deploy side of --timeline: reading HAProxy, sampling it, and learning each host's load
// balancer through the real describe-lb.yml playbook.
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PhaseEvent } from '@shipyard/timeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractFromOutputsFile } from '../src/contract.js';
import { buildInventory, inventoryYaml } from '../src/inventory.js';
import { Workdir } from '../src/target.js';
import { parseShowStat, type StatRow } from '../src/timeline/haproxy-stats.js';
import { describeLoadBalancers, type HostLb, parseDescriptions } from '../src/timeline/lb.js';
import { Recording, samplingNote } from '../src/timeline/recording.js';
import { type StatSample, startSampler } from '../src/timeline/sampler.js';
import { haproxyTraffic } from '../src/timeline/traffic.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const demoInventory = fileURLToPath(new URL('../../../demo/inventory.yml', import.meta.url));

describe('parseShowStat', () => {
  it('reads requests, 5xx and status per server from real HAProxy 2.6 output', async () => {
    // Recorded from haproxy 2.6: 3 requests to app-1, 4 failed (app-2 refused its connections).
    const rows = parseShowStat(await readFile(fixture('show-stat.csv'), 'utf8'));
    expect(rows).toEqual([
      { proxy: 'web', server: 'FRONTEND', requests: 7, errors5xx: 4, status: 'OPEN' },
      { proxy: 'staging', server: 'app-1', requests: 3, errors5xx: 0, status: 'UP' },
      { proxy: 'staging', server: 'app-2', requests: 0, errors5xx: 0, status: 'no check' },
      { proxy: 'staging', server: 'BACKEND', requests: 7, errors5xx: 4, status: 'UP' },
    ]);
  });

  it('reads nothing from an answer without the columns it needs', () => {
    expect(parseShowStat('Unknown command\n')).toEqual([]);
  });
});

const row = (server: string, requests: number, errors5xx: number): StatRow => ({
  proxy: 'staging',
  server,
  requests,
  errors5xx,
  status: 'UP',
});
const SOCKET = '/run/haproxy/staging.sock';
const sample = (t: number, rows: StatRow[] | undefined): StatSample => ({
  t,
  bySocket: rows ? { [SOCKET]: rows } : {},
});
const haproxyHost = (host: string): HostLb => ({
  host,
  driver: 'haproxy',
  haproxy: { socket: SOCKET, backend: 'staging', server: host },
});

describe('haproxyTraffic', () => {
  const hosts = [haproxyHost('s-1'), haproxyHost('s-2'), { host: 'aws-1', driver: 'alb' }];
  const events: PhaseEvent[] = [
    { t: 1500, host: 's-1', phase: 'out', image: 'r/app:2' },
    { t: 1600, host: 's-1', phase: 'starting', image: 'r/app:2' },
    { t: 2600, host: 's-1', phase: 'in', image: 'r/app:2' },
  ];

  it('counts each server delta for the version its host ran mid-interval, and backend 5xx as failed', () => {
    const samples = [
      sample(0, [row('s-1', 100, 0), row('s-2', 100, 0), row('BACKEND', 200, 0)]),
      sample(1000, [row('s-1', 110, 0), row('s-2', 110, 0), row('BACKEND', 220, 0)]),
      // s-1 left: s-2 takes everything, and HAProxy answered 2 requests 503 itself.
      sample(2000, [row('s-1', 110, 0), row('s-2', 128, 0), row('BACKEND', 240, 2)]),
      // s-1 is back on r/app:2, and one of its answers was a 500.
      sample(3000, [row('s-1', 121, 1), row('s-2', 138, 0), row('BACKEND', 261, 3)]),
    ];
    expect(haproxyTraffic(samples, hosts, events)).toEqual([
      { t: 0, durationMs: 1000, served: { before: 20 }, failed: 0 },
      { t: 1000, durationMs: 1000, served: { before: 18 }, failed: 2 },
      { t: 2000, durationMs: 1000, served: { '2': 10, before: 10 }, failed: 1 },
    ]);
  });

  it('skips a server missing from either end of an interval, and counts nothing across a counter reset', () => {
    const samples = [
      sample(0, [row('s-1', 50, 0), row('s-2', 50, 0), row('BACKEND', 100, 5)]),
      sample(1000, undefined),
      sample(2000, [row('s-1', 60, 0), row('s-2', 60, 0), row('BACKEND', 120, 5)]),
      // HAProxy restarted: every counter starts again from zero.
      sample(3000, [row('s-1', 3, 0), row('s-2', 3, 0), row('BACKEND', 6, 0)]),
    ];
    expect(haproxyTraffic(samples, hosts, []).map((s) => [s.served, s.failed])).toEqual([
      [{}, 0],
      [{}, 0],
      [{}, 0],
    ]);
  });

  it('has nothing to count from fewer than two samples', () => {
    expect(haproxyTraffic([sample(0, [row('s-1', 1, 0)])], hosts, [])).toEqual([]);
  });
});

describe('startSampler', () => {
  it('asks every socket once a tick, keeps going past one that fails, and samples once more on stop', async () => {
    const asked: string[] = [];
    const csv = await readFile(fixture('show-stat.csv'), 'utf8');
    const sampler = startSampler(['/a.sock', '/b.sock'], 20, async (socket) => {
      asked.push(socket);
      if (socket === '/b.sock') throw new Error('connection refused');
      return csv;
    });
    await new Promise((r) => setTimeout(r, 110));
    const samples = await sampler.stop();
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(asked.filter((s) => s === '/a.sock')).toHaveLength(samples.length);
    expect(asked.filter((s) => s === '/b.sock')).toHaveLength(samples.length);
    for (const s of samples) {
      expect(Object.keys(s.bySocket)).toEqual(['/a.sock']);
      expect(s.bySocket['/a.sock']).toHaveLength(4);
    }
    expect(samples.map((s) => s.t)).toEqual([...samples.map((s) => s.t)].sort((a, b) => a - b));
  });
});

describe('samplingNote', () => {
  it('says where the traffic comes from, and which hosts have bands only', () => {
    expect(
      samplingNote([
        haproxyHost('s-1'),
        { host: 'i-1', driver: 'alb' },
        { host: 'i-2', driver: 'alb' },
        { host: 'bare', driver: 'none' },
      ]),
    ).toEqual([
      "Requests per second from HAProxy's per-server counters (show stat), sampled every second.",
      'Each server counts for the version its host ran then; "before" is what a host ran when the run began.',
      'Per-version traffic is not sampled for the alb driver (AWS target groups): host bands only for i-1, i-2.',
      'No load balancer to sample for bare (none): host bands only.',
    ]);
  });
});

describe('Recording', () => {
  it('draws only the events of its own run from an --events file that holds earlier runs', async () => {
    const workdir = await Workdir.create();
    try {
      const events = join(workdir.path, 'kept.jsonl');
      const line = (t: number, host: string) =>
        `${JSON.stringify({ t, host, phase: 'out', image: 'r/app:2' })}\n`;
      await writeFile(events, line(Date.now() - 60_000, 'old-host'));
      const svg = join(workdir.path, 'run.svg');
      const recording = await Recording.prepare({ timeline: svg, events }, workdir);
      expect(recording?.extraVars).toEqual({ deploy_events_file: events });
      await recording?.during(async () => {
        await appendFile(events, line(Date.now(), 'new-host'));
      });
      const said = await recording?.write('Roll out r/app:2 to staging', 'staging', 0);
      expect(said).toBe(
        `Wrote the timeline of staging (1 host phase event(s), 0 load balancer sample(s)) to ${svg}`,
      );
      const text = await readFile(svg, 'utf8');
      expect(text).toContain('>new-host</text>');
      expect(text).not.toContain('old-host');
      expect(text).toContain('>Roll out r/app:2 to staging: done</text>');
    } finally {
      await workdir.remove();
    }
  });

  it('records nothing without --timeline or --events, and keeps events in the scratch directory without --events', async () => {
    const workdir = await Workdir.create();
    try {
      expect(await Recording.prepare({}, workdir)).toBeUndefined();
      const only = await Recording.prepare({ timeline: join(workdir.path, 'x.svg') }, workdir);
      expect(only?.eventsFile).toBe(join(workdir.path, 'events.jsonl'));
    } finally {
      await workdir.remove();
    }
  });
});

describe('parseDescriptions', () => {
  it('keeps the inventory order and reads the haproxy fields only for the haproxy driver', () => {
    const files = [
      JSON.stringify({
        host: 'b',
        driver: 'alb',
        haproxy_socket: '/x',
        haproxy_backend: 'y',
        haproxy_server: 'b',
      }),
      JSON.stringify({
        host: 'a',
        driver: 'haproxy',
        haproxy_socket: '/s',
        haproxy_backend: 'staging',
        haproxy_server: 'srv-a',
      }),
    ];
    expect(parseDescriptions(files, ['a', 'b'])).toEqual([
      { host: 'a', driver: 'haproxy', haproxy: { socket: '/s', backend: 'staging', server: 'srv-a' } },
      { host: 'b', driver: 'alb' },
    ]);
  });
});

describe('describeLoadBalancers (the real describe-lb.yml through ansible-playbook)', () => {
  let workdir: Workdir;
  let demoDir: string;
  const savedDemoDir = process.env.SHIPYARD_DEMO_DIR;

  beforeAll(async () => {
    workdir = await Workdir.create();
    demoDir = await mkdtemp(join(tmpdir(), 'deploy-describe-'));
    // The demo inventory reads its run-time directory from the environment, as `make demo` sets it.
    process.env.SHIPYARD_DEMO_DIR = demoDir;
  });
  afterAll(async () => {
    if (savedDemoDir === undefined) delete process.env.SHIPYARD_DEMO_DIR;
    else process.env.SHIPYARD_DEMO_DIR = savedDemoDir;
    await workdir.remove();
    await rm(demoDir, { recursive: true, force: true });
  });

  it('finds the alb driver on the generated AWS inventory without connecting to any host', async () => {
    const contract = await contractFromOutputsFile(fixture('outputs.json'), 'staging');
    const inventory = await workdir.write('aws.yml', inventoryYaml(buildInventory(contract, 'public')));
    const hosts = await describeLoadBalancers({
      inventory,
      env: 'staging',
      hosts: contract.instances.map((i) => i.id),
      workdir,
    });
    expect(hosts).toEqual(contract.instances.map((i) => ({ host: i.id, driver: 'alb' })));
  }, 60_000);

  it("resolves the demo's templated HAProxy socket, backend and server per host, honouring --limit", async () => {
    const all = await describeLoadBalancers({
      inventory: demoInventory,
      env: 'staging',
      hosts: ['staging-1', 'staging-2'],
      workdir,
    });
    expect(all).toEqual(
      ['staging-1', 'staging-2'].map((host) => ({
        host,
        driver: 'haproxy',
        haproxy: { socket: join(demoDir, 'haproxy', 'staging.sock'), backend: 'staging', server: host },
      })),
    );
    const limited = await Workdir.create();
    try {
      const one = await describeLoadBalancers({
        inventory: demoInventory,
        env: 'staging',
        limit: 'staging-2',
        hosts: ['staging-1', 'staging-2'],
        workdir: limited,
      });
      expect(one.map((h) => h.host)).toEqual(['staging-2']);
    } finally {
      await limited.remove();
    }
  }, 60_000);

  it('refuses with one line when the inventory cannot be read by the playbook', async () => {
    const bad = join(demoDir, 'bad.yml');
    await writeFile(
      bad,
      'staging:\n  hosts:\n    h-1:\n      app_lb_driver: "{{ undefined_variable }}"\n      ansible_connection: local\n',
    );
    await expect(
      describeLoadBalancers({ inventory: bad, env: 'staging', hosts: ['h-1'], workdir }),
    ).rejects.toThrow(
      /cannot tell how the hosts are load balanced for --timeline \(describe-lb\.yml exit code 2\)/,
    );
  }, 60_000);
});
