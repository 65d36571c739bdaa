import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Steps } from '@shipyard/cli-kit';
import { describe, expect, it } from 'vitest';
import { deployArgs } from '../src/deploy-run.js';
import { down, isDemoImage } from '../src/down.js';
import { rollbackCompletedAt } from '../src/faults.js';
import { demoTag, pushArgs, variantContainerfile } from '../src/images.js';
import type { LoadReport } from '../src/load.js';
import { combineLoads } from '../src/proof.js';
import { formatReport } from '../src/report.js';
import { resolveSettings } from '../src/settings.js';

const settings = resolveSettings({}, '/repo');

describe('deployArgs', () => {
  it('runs the same deploy CLI against the local inventory', () => {
    expect(
      deployArgs(settings, 'staging', { kind: 'rollout', image: '127.0.0.1:5000/shipyard-service:1.0.0' }),
    ).toEqual([
      '/repo/packages/deploy/dist/cli.js',
      'rollout',
      '--env',
      'staging',
      '--inventory',
      '/repo/.demo/inventory.yml',
      '--image',
      '127.0.0.1:5000/shipyard-service:1.0.0',
    ]);
    expect(deployArgs(settings, 'production', { kind: 'rollback' })).toEqual([
      '/repo/packages/deploy/dist/cli.js',
      'rollback',
      '--env',
      'production',
      '--inventory',
      '/repo/.demo/inventory.yml',
    ]);
  });

  it("passes --events, and runs another checkout's CLI when asked", () => {
    expect(
      deployArgs(
        settings,
        'staging',
        { kind: 'rollout', image: 'r/s:1' },
        { events: '/e.jsonl', cli: '/c2/cli.js' },
      ),
    ).toEqual([
      '/c2/cli.js',
      'rollout',
      '--env',
      'staging',
      '--inventory',
      '/repo/.demo/inventory.yml',
      '--image',
      'r/s:1',
      '--events',
      '/e.jsonl',
    ]);
  });
});

describe('demoTag', () => {
  it('uses the version as is for a clean tree', () => {
    expect(demoTag('1.4.0', false, 'sha256:abcdef0123')).toBe('1.4.0');
  });
  it('adds the image id for a dirty tree, so a changed app gets a new tag', () => {
    expect(demoTag('0.1.0-main.3f2a1bc', true, 'sha256:abcdef0123')).toBe('0.1.0-main.3f2a1bc-dirty.abcdef0');
  });
  it('turns semver build metadata into a tag-safe form', () => {
    expect(demoTag('1.0.0+build.5', false, 'x')).toBe('1.0.0-build.5');
  });
  it('refuses a version that cannot be a tag', () => {
    expect(() => demoTag('no spaces please', false, 'x')).toThrow(/cannot be an image tag/);
  });
});

describe('pushArgs', () => {
  it('tells podman the loopback registry is plain HTTP, and leaves docker alone', () => {
    expect(pushArgs(resolveSettings({ CONTAINER_CLI: 'podman' }, '/r'), 'r:1')).toEqual([
      'push',
      '--tls-verify=false',
      'r:1',
    ]);
    expect(pushArgs(settings, 'r:1')).toEqual(['push', 'r:1']);
  });
});

describe('variantContainerfile', () => {
  it('builds B from A with only a label changed', async () => {
    expect(await variantContainerfile(settings, 'b', '127.0.0.1:5000/shipyard-service:a')).toBe(
      'FROM 127.0.0.1:5000/shipyard-service:a\nLABEL org.shipyard.demo.release="b"\n',
    );
  });

  it('builds D and E from B with the test-only fault injector, set by image ENV', async () => {
    expect(await variantContainerfile(settings, 'd', 'r/s:b')).toBe(
      'FROM r/s:b\nLABEL org.shipyard.demo.release="d"\nCOPY fault-injector.mjs /opt/shipyard-fault/inject.mjs\n' +
        'ENV NODE_OPTIONS=--import=file:///opt/shipyard-fault/inject.mjs SHIPYARD_FAULT_ROOT_500_SHARE=0.3\n',
    );
    expect(await variantContainerfile(settings, 'e', 'r/s:b')).toContain(
      'ENV NODE_OPTIONS=--import=file:///opt/shipyard-fault/inject.mjs SHIPYARD_FAULT_UNHEALTHY_ON=staging-2\n',
    );
  });
});

describe('rollbackCompletedAt', () => {
  it('is the last host back in service after the first rollback', () => {
    const ev = (t: number, host: string, phase: string) => ({ t, host, phase, image: 'x' });
    expect(
      rollbackCompletedAt([
        ev(1, 'staging-1', 'out'),
        ev(2, 'staging-1', 'in'),
        ev(3, 'staging-2', 'failed'),
        ev(4, 'staging-2', 'rollback'),
        ev(5, 'staging-2', 'in'),
        ev(6, 'staging-1', 'rollback'),
        ev(7, 'staging-1', 'out'),
        ev(8, 'staging-1', 'in'),
      ]),
    ).toBe(8);
    expect(rollbackCompletedAt([ev(1, 'staging-1', 'in')])).toBeUndefined();
  });
});

describe('down', () => {
  it('stops with one clear line, touching nothing, when the container CLI cannot answer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipyard-demo-down-'));
    const lines: string[] = [];
    const broken = resolveSettings({ CONTAINER_CLI: 'shipyard-no-such-cli', DEMO_DIR: dir }, '/repo');
    await expect(down(broken, new Steps((l) => lines.push(l)))).rejects.toThrow(
      /cannot list the demo's containers and images with `shipyard-no-such-cli ps`: not found/,
    );
    expect(existsSync(dir)).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('isDemoImage', () => {
  it.each([
    ['127.0.0.1:5000/shipyard-service:1.0.0', true],
    ['localhost/shipyard-demo-e2e:1.0.0-e2e-b', true],
    ['localhost/shipyard/service:dev', false],
    ['127.0.0.1:5000/other:1', false],
    ['docker.io/library/registry:2', false],
  ])('%s → %s', (ref, mine) => {
    expect(isDemoImage(settings, ref)).toBe(mine);
  });
});

const load = (over: Partial<LoadReport>): LoadReport => ({
  url: 'u',
  rate: 50,
  sent: 100,
  completed: 100,
  failed: 0,
  errors: 0,
  non2xx: 0,
  durationMs: 20_000,
  versions: {},
  traffic: [],
  ...over,
});

describe('combineLoads and formatReport', () => {
  it('adds up the per-second traffic of both load balancers for the timeline', () => {
    const second = (t: number, served: Record<string, number>, failed = 0) => ({
      t,
      durationMs: 1000,
      served,
      failed,
    });
    const both = combineLoads([
      load({ traffic: [second(1000, { A: 25 }), second(2000, { A: 10, B: 15 })] }),
      load({ traffic: [second(2000, { B: 24 }, 1), second(3000, { B: 25 })] }),
    ]);
    expect(both.traffic).toEqual([
      second(1000, { A: 25 }),
      second(2000, { A: 10, B: 39 }, 1),
      second(3000, { B: 25 }),
    ]);
  });

  it('adds both load balancers up and prints one line per scenario plus a closing count', () => {
    const both = combineLoads([
      load({ url: 'a', versions: { A: 60, B: 40 } }),
      load({
        url: 'b',
        failed: 2,
        errors: 2,
        durationMs: 21_000,
        versions: { B: 100 },
        firstFailureAt: 50,
        lastFailureAt: 90,
      }),
      load({ url: 'c', failed: 1, non2xx: 1, firstFailureAt: 40, lastFailureAt: 60 }),
    ]);
    expect(both).toMatchObject({
      sent: 300,
      failed: 3,
      rate: 150,
      durationMs: 21_000,
      versions: { A: 60, B: 140 },
      firstFailureAt: 40,
      lastFailureAt: 90,
    });
    expect(combineLoads([load({})]).firstFailureAt).toBeUndefined();
    const text = formatReport([
      {
        name: '1 rolling release',
        passed: true,
        problems: [],
        load: load({}),
        durationMs: 30_000,
        hostTimes: [{ host: 'staging-1', ms: 4200 }],
        timeline: 'reports/timelines/rolling-release.svg',
      },
      {
        name: '2 broken release',
        passed: false,
        problems: ['2 request(s) failed'],
        notes: ['first bad response to rollback complete: 4.0 s'],
        load: both,
        durationMs: 25_000,
      },
    ]);
    expect(text).toContain('PASS    1 rolling release  100   0       20.0 s    30.0 s');
    expect(text).toContain('FAIL    2 broken release   300   3       21.0 s    25.0 s');
    expect(text).toContain('2 broken release: first bad response to rollback complete: 4.0 s');
    expect(text).toContain('1 rolling release: roll-out per host: staging-1 4.2 s');
    expect(text).toContain('1 rolling release: timeline reports/timelines/rolling-release.svg');
    expect(text).not.toContain('2 broken release: timeline');
    expect(text).toContain('2 broken release: 2 request(s) failed');
    expect(text.trim().split('\n').at(-1)).toBe('1 passed, 1 failed');
  });
});
