// A real run of the app role against a real container engine, through the real `deploy` CLI:
// images are built here, pushed to a registry started here, and pulled by the role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpGet } from './support/engine.js';
import { haproxyServerStatus } from './support/haproxy.js';
import { Stage, type StageHost } from './support/stage.js';

// Ports from this package's loopback range (3300-3399).
const APP_PORT = 3353;

let stage: Stage;
let host: StageHost;
let IMAGE: Record<'slow' | 'a' | 'b' | 'c' | 'd', string>;

beforeAll(async () => {
  stage = await Stage.start({
    name: 'shipyard-deploy-test',
    registryPort: 3350,
    lbPort: 3352,
    appPorts: [APP_PORT],
    images: {
      // Healthy only after 12 s: the health gate (8 tries, 1 s apart) gives up first.
      slow: { version: 'slow', healthy: true, healthyAfterMs: 12_000 },
      a: { version: 'a', healthy: true },
      b: { version: 'b', healthy: true },
      c: { version: 'c', healthy: false },
      d: { version: 'd', healthy: false, crash: true },
    },
    // A one-second bake with no traffic: it runs, and has nothing to judge.
    hostVars: { app_bake_seconds: 1, app_health_rescue_retries: 12 },
  });
  host = stage.hosts[0] as StageHost;
  IMAGE = stage.images as typeof IMAGE;
}, 300_000);

afterAll(async () => {
  await stage?.teardown();
}, 60_000);

const lbUrl = () => `http://127.0.0.1:${stage.lbPort}`;

describe('the app role on a real container engine, through `deploy rollout`', () => {
  // The first release has no earlier image to go back to. A container that gets healthy after the
  // gate gave up must still serve: the host rejoins the load balancer instead of staying out.
  it('readmits a failed first release whose container gets healthy after all', async () => {
    const result = await stage.deploy(['rollout', '--image', IMAGE.slow]);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain(`Release to ${IMAGE.slow} failed on app-1`);
    expect(result.all).toMatch(/There was no earlier image to return to; its container answers \/health/);
    expect(await stage.runningImage(host)).toBe(IMAGE.slow);
    expect(await haproxyServerStatus(stage.socket, 'staging', 'app-1')).toMatch(/^UP/);
    expect(JSON.parse((await httpGet(`${lbUrl()}/`)).body)).toMatchObject({ version: 'slow' });
  }, 240_000);

  it('releases A, then B: B runs, answers, and HAProxy sends traffic to it', async () => {
    const first = await stage.deploy(['rollout', '--image', IMAGE.a]);
    expect(first.exitCode, first.all).toBe(0);
    expect(await stage.runningImage(host)).toBe(IMAGE.a);

    const second = await stage.deploy(['rollout', '--image', IMAGE.b]);
    expect(second.exitCode, second.all).toBe(0);
    expect(second.all).toMatch(/Summary: 1 host\(s\): 1 ok, 1 changed, 0 failed, 0 unreachable/);
    expect(second.all).toMatch(/bake passed: only \d+ requests in 1 s/);
    expect(await stage.runningImage(host)).toBe(IMAGE.b);
    expect(JSON.parse((await httpGet(`http://127.0.0.1:${APP_PORT}/`)).body)).toMatchObject({
      version: 'b',
      appEnv: 'staging',
      appVersion: 'b',
    });
    expect(JSON.parse((await httpGet(`${lbUrl()}/`)).body)).toMatchObject({ version: 'b' });
    expect(await stage.state(host)).toEqual({ current: IMAGE.b, previous: IMAGE.a });
  }, 240_000);

  // Both ways a release goes wrong: it starts but never gets healthy, or it exits at start and
  // crash-loops under its restart policy (replacing that races the engine's restarts).
  it.each([
    ['the unhealthy C', 'c'],
    ['D, which exits at start and crash-loops', 'd'],
  ] as const)(
    'refuses %s: the play fails clearly and B is back, answering behind HAProxy',
    async (_, key) => {
      const image = IMAGE[key];
      const result = await stage.deploy(['rollout', '--image', image]);
      expect(result.exitCode).not.toBe(0);
      expect(result.all).toContain(`Release to ${image} failed on app-1`);
      expect(result.all).toContain(`The host is back on ${IMAGE.b} and in the load balancer.`);
      expect(result.all).toMatch(/error: rollout on staging failed: Release to .* Now: app-1 runs .*:b\. /);
      expect(await stage.runningImage(host)).toBe(IMAGE.b);
      expect(JSON.parse((await httpGet(`http://127.0.0.1:${APP_PORT}/health`)).body)).toMatchObject({
        version: 'b',
      });
      expect(JSON.parse((await httpGet(`${lbUrl()}/`)).body)).toMatchObject({ version: 'b' });
      expect(await stage.state(host)).toEqual({ current: IMAGE.b, previous: IMAGE.a });
    },
    240_000,
  );

  it('rolls back to the recorded previous image, A', async () => {
    const result = await stage.deploy(['rollback']);
    expect(result.exitCode, result.all).toBe(0);
    expect(await stage.runningImage(host)).toBe(IMAGE.a);
    expect(JSON.parse((await httpGet(`${lbUrl()}/`)).body)).toMatchObject({ version: 'a' });
    expect(await stage.state(host)).toEqual({ current: IMAGE.a, previous: IMAGE.b });
  }, 240_000);

  it('changes nothing on a dry run (--check --diff)', async () => {
    const result = await stage.deploy(['rollout', '--image', IMAGE.b, '--check', '--diff']);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toContain('(check mode: nothing changes)');
    expect(await stage.runningImage(host)).toBe(IMAGE.a);
    expect(await stage.state(host)).toEqual({ current: IMAGE.a, previous: IMAGE.b });
  }, 240_000);
});
