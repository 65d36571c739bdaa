// Two hosts behind HAProxy on a real container engine, through the real `deploy` CLI: the lock
// every deployer sees, the bake, the fleet-wide rollback, an interrupted roll-out, status,
// reconcile and rollback to one image.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { me } from '../src/lock.js';
import type { EnvironmentStatus } from '../src/status.js';
import { engineApi, waitFor } from './support/engine.js';
import { haproxyCommand, haproxyServerStatus } from './support/haproxy.js';
import { Stage, type StageHost, secondCheckout } from './support/stage.js';

let stage: Stage;
let one: StageHost;
let two: StageHost;
let IMAGE: Record<'a' | 'b' | 'bad' | 'e', string>;
const BAKE_SECONDS = 4;

interface Event {
  t: number;
  host: string;
  phase: string;
  image: string;
}

async function events(file: string): Promise<Event[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Event);
}
const phasesOf = (all: Event[], host: string) => all.filter((e) => e.host === host).map((e) => e.phase);

/** A steady trickle of requests through HAProxy, recording each status and when it came. */
function traffic(url: string) {
  const seen: { t: number; status: number }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const status = await fetch(url, { signal: AbortSignal.timeout(3000) })
        .then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        })
        .catch(() => 0);
      seen.push({ t: Date.now(), status });
      await sleep(20);
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

async function allUp(): Promise<boolean> {
  for (const host of stage.hosts) {
    if (!(await haproxyServerStatus(stage.socket, 'staging', host.name)).startsWith('UP')) return false;
  }
  return true;
}

beforeAll(async () => {
  stage = await Stage.start({
    name: 'shipyard-deploy-fleet',
    registryPort: 3370,
    lbPort: 3371,
    appPorts: [3372, 3373],
    images: {
      a: { version: 'a', healthy: true },
      b: { version: 'b', healthy: true },
      // Passes /health, answers 500 on half of the requests to /.
      bad: { version: 'bad', healthy: true, errorShare: 0.5 },
      // Healthy everywhere but on app-2.
      e: { version: 'e', healthy: true, unhealthyOn: ['app-2'] },
    },
    hostVars: {
      app_bake_seconds: BAKE_SECONDS,
      app_bake_interval: 0.5,
      app_bake_min_requests: 10,
      app_health_retries: 5,
    },
  });
  [one, two] = stage.hosts as [StageHost, StageHost];
  IMAGE = stage.images as typeof IMAGE;
}, 400_000);

afterAll(async () => {
  await stage?.teardown();
}, 60_000);

describe('a fleet of two hosts, through the deploy CLI', () => {
  it('refuses a second deployer from another checkout while a roll-out runs, naming the holder', async () => {
    const otherCli = await secondCheckout(join(stage.work, 'checkout-2'));
    const first = stage.deploy(['rollout', '--image', IMAGE.a]);
    await waitFor(
      'the first deploy to take the lock',
      async () => existsSync(join(stage.lockDir(), 'holder.json')),
      60_000,
    );
    const second = await stage.deploy(['rollout', '--image', IMAGE.b], { cli: otherCli });
    expect(second.exitCode).toBe(1);
    const lines = second.all.split('\n').filter(Boolean);
    expect(lines, second.all).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^error: staging is locked by ${me()} \\(rollout of ${IMAGE.a.replaceAll('.', '\\.')}, pid ${first.pid}, since `,
      ),
    );
    const done = await first;
    expect(done.exitCode, done.all).toBe(0);
    expect(existsSync(stage.lockDir())).toBe(false);
    const status = await stage.deploy(['lock', 'status']);
    expect(status.all.trim()).toBe('staging: not locked');
  }, 300_000);

  it('writes one JSON line per host phase change to --events', async () => {
    const file = join(stage.work, 'events-b.jsonl');
    const result = await stage.deploy(['rollout', '--image', IMAGE.b, '--events', file]);
    expect(result.exitCode, result.all).toBe(0);
    const all = await events(file);
    for (const event of all) {
      expect(Object.keys(event)).toEqual(['t', 'host', 'phase', 'image']);
      expect(event.t).toBeGreaterThan(Date.now() - 600_000);
    }
    // Each host: out, starting, baking (its own bake), in; then both bake together after the last.
    expect(phasesOf(all, 'app-1')).toEqual(['out', 'starting', 'baking', 'in', 'baking', 'in']);
    expect(phasesOf(all, 'app-2')).toEqual(['out', 'starting', 'baking', 'in', 'baking', 'in']);
    expect(all.find((e) => e.host === 'app-1' && e.phase === 'out')?.image).toBe(IMAGE.a);
    expect(all.find((e) => e.host === 'app-1' && e.phase === 'starting')?.image).toBe(IMAGE.b);
    expect(all.map((e) => e.t)).toEqual([...all.map((e) => e.t)].sort((x, y) => x - y));
    expect(await stage.state(one)).toEqual({ current: IMAGE.b, previous: IMAGE.a });
  }, 300_000);

  it('catches a release that fails users but passes /health in the bake, and the environment goes back', async () => {
    const file = join(stage.work, 'events-bad.jsonl');
    const load = traffic(`http://127.0.0.1:${stage.lbPort}/`);
    const result = await stage.deploy(['rollout', '--image', IMAGE.bad, '--events', file]);
    const done = Date.now();
    await sleep(2000);
    const seen = await load.stop();
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toMatch(
      /error: rollout on staging failed: Release to .*:bad failed on app-1 at "Bake the host on its real traffic in HAProxy: bake tripped: 5xx ratio of app-1 \(HAProxy hrsp_5xx\/req_tot\) was 0\.\d+ \(\d+ of \d+ requests in [\d.]+ s\), threshold 0\.05.*The host is back on .*:b and in the load balancer\. No other host had the new release\. Now: app-1 runs .*:b, app-2 runs .*:b/,
    );
    expect(await stage.runningImage(one)).toBe(IMAGE.b);
    expect(await stage.runningImage(two)).toBe(IMAGE.b);
    expect(await stage.state(one)).toEqual({ current: IMAGE.b, previous: IMAGE.a });
    const all = await events(file);
    expect(phasesOf(all, 'app-1')).toEqual([
      'out',
      'starting',
      'baking',
      'failed',
      'out',
      'rollback',
      'starting',
      'in',
    ]);
    expect(phasesOf(all, 'app-2')).toEqual([]);
    // The bad release did reach users, only while app-1 served it (from its start to its way
    // out), and nothing failed once it was out.
    const failures = seen.filter((s) => s.status !== 200);
    expect(failures.length).toBeGreaterThan(0);
    const starting = all.find((e) => e.phase === 'starting')?.t ?? 0;
    const out = all.filter((e) => e.phase === 'out')[1]?.t ?? 0;
    expect(failures.filter((f) => f.t < starting || f.t > out + 1000)).toEqual([]);
    expect(seen.filter((s) => s.t > done && s.status !== 200)).toEqual([]);
  }, 300_000);

  it('rolls a host that already had the release back when a later host fails', async () => {
    const file = join(stage.work, 'events-e.jsonl');
    const result = await stage.deploy(['rollout', '--image', IMAGE.e, '--events', file]);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toMatch(
      /error: rollout on staging failed: Release to .*:e failed on app-2 at .*Every host that had the new release went back to .*:b: app-1\. Now: app-1 runs .*:b, app-2 runs .*:b/,
    );
    expect(await stage.runningImage(one)).toBe(IMAGE.b);
    expect(await stage.runningImage(two)).toBe(IMAGE.b);
    // A failed roll-out leaves no trace: app-1 records what it recorded before.
    expect(await stage.state(one)).toEqual({ current: IMAGE.b, previous: IMAGE.a });
    expect(await stage.state(two)).toEqual({ current: IMAGE.b, previous: IMAGE.a });
    const all = await events(file);
    expect(phasesOf(all, 'app-1')).toEqual([
      'out',
      'starting',
      'baking',
      'in',
      'rollback',
      'out',
      'starting',
      'in',
    ]);
    expect(phasesOf(all, 'app-2')).toEqual(['out', 'starting', 'failed', 'rollback', 'starting', 'in']);
    expect(await allUp()).toBe(true);
  }, 300_000);

  it('stops after the host in progress on SIGTERM, puts it back in service and releases the lock', async () => {
    const run = stage.deploy(['rollout', '--image', IMAGE.a]);
    await waitFor(
      'app-1 to leave the load balancer',
      async () => (await haproxyServerStatus(stage.socket, 'staging', 'app-1')) === 'MAINT',
      90_000,
    );
    // The CLI alone, as `kill` does (execa's own kill() would SIGKILL it 5 s later).
    process.kill(run.pid as number, 'SIGTERM');
    const result = await run;
    expect(result.exitCode, result.all).toBe(143);
    expect(result.all).toMatch(/SIGTERM: stopping after the host in progress/);
    expect(result.all).toMatch(
      /error: rollout on staging interrupted by SIGTERM: Roll-out of .*:a to staging stopped early: the deploy CLI was asked to stop \(SIGINT or SIGTERM\); the hosts in progress finished and are back in service\. Now: app-1 runs .*:a, app-2 runs .*:b\. The lock is released/,
    );
    expect(await stage.runningImage(one)).toBe(IMAGE.a);
    expect(await stage.runningImage(two)).toBe(IMAGE.b);
    expect(await allUp()).toBe(true);
    expect(existsSync(stage.lockDir())).toBe(false);
  }, 300_000);

  it('shows every host and the lock with `deploy status`', async () => {
    const result = await stage.deploy(['status', '--json']);
    expect(result.exitCode, result.all).toBe(0);
    const status = JSON.parse(result.stdout) as EnvironmentStatus;
    expect(status.lock).toEqual({ held: false, holder: {} });
    expect(status.hosts).toEqual([
      expect.objectContaining({ host: 'app-1', image: IMAGE.a, running: true, health: 200, in_lb: true }),
      expect.objectContaining({ host: 'app-2', image: IMAGE.b, running: true, health: 200, in_lb: true }),
    ]);
    const table = await stage.deploy(['status']);
    expect(table.stdout).toMatch(/app-2 +\S+:b +UP \(in\) +200 +yes/);
    expect(table.stdout).toContain('Every host is in service.');
  }, 120_000);

  it('reconciles a host left out and stopped by a killed deploy, taking over its lock', async () => {
    // What a deploy killed hard leaves: a host in maintenance with its container stopped, and a
    // lock held by a process of this user on this machine that no longer exists.
    await haproxyCommand(stage.socket, 'disable server staging/app-2');
    await engineApi(stage.engine, 'POST', `/containers/${two.container}/stop?t=1`);
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.on('exit', resolve));
    await mkdir(stage.lockDir(), { recursive: true });
    await writeFile(
      join(stage.lockDir(), 'holder.json'),
      JSON.stringify({
        id: 'dead',
        who: me(),
        pid: gone.pid,
        since: new Date().toISOString(),
        command: 'rollout',
      }),
    );
    const before = await stage.deploy(['status']);
    expect(before.stdout).toMatch(/Not in service: app-2\. `deploy reconcile --env staging`/);
    expect(before.stdout).toMatch(new RegExp(`lock: locked by ${me()} \\(rollout, pid ${gone.pid}`));

    const result = await stage.deploy(['reconcile']);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain(
      `the lock of staging was left by pid ${gone.pid}, which is gone; taking it over`,
    );
    expect(await stage.runningImage(two)).toBe(IMAGE.b);
    expect(await allUp()).toBe(true);
    expect(existsSync(stage.lockDir())).toBe(false);
  }, 300_000);

  it('brings the whole environment to one image with `deploy rollback`, skipping hosts already on it', async () => {
    // app-1 runs A (previous B), app-2 runs B: the environment's current image is A (app-1 comes
    // first among equals) and its previous one B, which app-2 already runs.
    const file = join(stage.work, 'events-rollback.jsonl');
    const back = await stage.deploy(['rollback', '--events', file]);
    expect(back.exitCode, back.all).toBe(0);
    expect(await stage.runningImage(one)).toBe(IMAGE.b);
    expect(await stage.runningImage(two)).toBe(IMAGE.b);
    expect(phasesOf(await events(file), 'app-1')).toEqual(['rollback', 'out', 'starting', 'in']);
    expect(phasesOf(await events(file), 'app-2')).toEqual([]);

    const to = await stage.deploy(['rollback', '--to', IMAGE.a]);
    expect(to.exitCode, to.all).toBe(0);
    expect(await stage.runningImage(one)).toBe(IMAGE.a);
    expect(await stage.runningImage(two)).toBe(IMAGE.a);
    expect(await stage.state(two)).toEqual({ current: IMAGE.a, previous: IMAGE.b });

    // A second rollback undoes the first, on every host.
    const undo = await stage.deploy(['rollback']);
    expect(undo.exitCode, undo.all).toBe(0);
    expect(await stage.runningImage(one)).toBe(IMAGE.b);
    expect(await stage.runningImage(two)).toBe(IMAGE.b);
    expect(await allUp()).toBe(true);
  }, 400_000);

  it('refuses a rollback when no host records a previous image, naming --to', async () => {
    for (const host of stage.hosts) {
      await rm(join(stage.work, 'state', host.name, `${host.container}.json`));
    }
    const result = await stage.deploy(['rollback']);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toMatch(
      /No host of staging records a previous image: name the image with --to <image>/,
    );
  }, 120_000);
});
