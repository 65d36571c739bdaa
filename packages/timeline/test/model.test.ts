import { describe, expect, it } from 'vitest';
import { BEFORE, buildTimeline, FAILED, versionAt, versionOf } from '../src/model.js';
import type { TrafficSample } from '../src/traffic.js';
import { A, at, B, ROLLOUT, T0 } from './fixtures.js';

const second = (s: number, served: Record<string, number>, failed = 0): TrafficSample => ({
  t: T0 + s * 1000,
  durationMs: 1000,
  served,
  failed,
});

describe('versionOf', () => {
  it.each([
    ['127.0.0.1:5000/shipyard-service:1.1.0', '1.1.0'],
    ['123.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service:1.2.0-rc.1', '1.2.0-rc.1'],
    [`r.example/app@sha256:${'ab'.repeat(32)}`, 'sha256:abababababab'],
    ['registry:5000/app', 'registry:5000/app'],
    ['', 'unknown'],
  ])('names %s as %s', (image, version) => {
    expect(versionOf(image)).toBe(version);
  });
});

describe('versionAt', () => {
  it('is BEFORE until the host starts a new image, follows starting and rollback, and ignores out and failed', () => {
    expect(versionAt(ROLLOUT, 'staging-1', T0 + 2500)).toBe(BEFORE);
    expect(versionAt(ROLLOUT, 'staging-1', T0 + 3000)).toBe('1.1.0');
    expect(versionAt(ROLLOUT, 'staging-2', T0 + 11_000)).toBe('1.1.0');
    expect(versionAt(ROLLOUT, 'staging-2', T0 + 13_000)).toBe('1.0.0');
    expect(versionAt([at(1, 'h', 'failed', A), at(2, 'h', 'out', A)], 'h', T0 + 5000)).toBe(BEFORE);
    expect(versionAt(ROLLOUT, 'other', T0 + 20_000)).toBe(BEFORE);
  });
});

describe('buildTimeline', () => {
  const traffic = [
    second(0, { [BEFORE]: 20 }),
    second(1, { [BEFORE]: 20 }),
    second(6, { [BEFORE]: 10, '1.1.0': 10 }),
    second(12, { '1.1.0': 10 }, 3),
    second(15, { '1.0.0': 10, '1.1.0': 10 }),
  ];

  it('draws one band per phase per host, the last running to the end, zero-length ones left out', () => {
    const data = buildTimeline({ events: ROLLOUT, traffic, hosts: ['staging-1', 'staging-2', 'staging-3'] });
    expect(data.start).toBe(T0);
    expect(data.duration).toBe(16);
    expect(data.hosts).toEqual(['staging-1', 'staging-2', 'staging-3']);
    expect(data.bands.map((b) => [b.host, b.phase, b.version, b.from, b.to])).toEqual([
      ['staging-1', 'out', '1.1.0', 2, 3],
      ['staging-1', 'starting', '1.1.0', 3, 5],
      ['staging-1', 'baking', '1.1.0', 5, 8],
      ['staging-1', 'in', '1.1.0', 8, 16],
      ['staging-2', 'out', '1.1.0', 9, 10],
      ['staging-2', 'starting', '1.1.0', 10, 12],
      ['staging-2', 'rollback', '1.0.0', 12, 14],
      ['staging-2', 'in', '1.0.0', 14, 16],
    ]);
    expect(data.bands[2]?.label).toBe('baking (in the LB)');
    expect(data.failures).toEqual([{ host: 'staging-2', at: 12, version: '1.1.0' }]);
  });

  it('lists hosts seen only in events after the given ones', () => {
    expect(buildTimeline({ events: ROLLOUT, hosts: ['staging-2'] }).hosts).toEqual([
      'staging-2',
      'staging-1',
    ]);
  });

  it('stacks BEFORE at the bottom and FAILED on top, with a row for every series in every interval', () => {
    const data = buildTimeline({ events: ROLLOUT, traffic });
    expect(data.series).toEqual([BEFORE, '1.1.0', '1.0.0', FAILED]);
    expect(data.traffic).toHaveLength(traffic.length * 4);
    expect(data.traffic?.filter((r) => r.from === 12)).toEqual([
      { from: 12, to: 13, series: BEFORE, order: 0, count: 0, rate: 0 },
      { from: 12, to: 13, series: '1.1.0', order: 1, count: 10, rate: 10 },
      { from: 12, to: 13, series: '1.0.0', order: 2, count: 0, rate: 0 },
      { from: 12, to: 13, series: FAILED, order: 3, count: 3, rate: 3 },
    ]);
    expect(data.totals).toEqual({
      requests: 93,
      failed: 3,
      served: { [BEFORE]: 50, '1.1.0': 30, '1.0.0': 10 },
    });
  });

  it('turns counts into a rate over intervals that are not one second long', () => {
    const data = buildTimeline({
      events: [],
      traffic: [{ t: T0, durationMs: 500, served: { '1.0.0': 10 }, failed: 1 }],
    });
    expect(data.traffic?.map((r) => [r.series, r.rate])).toEqual([
      ['1.0.0', 20],
      [FAILED, 2],
    ]);
  });

  it('has no traffic and no series when traffic was not sampled', () => {
    const data = buildTimeline({ events: ROLLOUT });
    expect(data.traffic).toBeUndefined();
    expect(data.series).toEqual([]);
    expect(data.duration).toBe(12);
    // The last event ends the picture, so the host that ended in service has no band after it.
    expect(data.bands.at(-1)).toMatchObject({ host: 'staging-2', phase: 'rollback', to: 12 });
  });

  it('spans the whole run when given, even past the last event', () => {
    const data = buildTimeline({ events: ROLLOUT, span: { start: T0, end: T0 + 20_000 } });
    expect([data.start, data.duration]).toEqual([T0, 20]);
    expect(data.bands.at(-1)).toMatchObject({ host: 'staging-2', phase: 'in', from: 14, to: 20 });
    expect(buildTimeline({ events: [], span: { start: T0, end: T0 + 3000 } })).toMatchObject({
      start: T0,
      duration: 3,
    });
  });

  it('is empty but valid with neither events nor traffic', () => {
    expect(buildTimeline({ events: [], traffic: [] })).toMatchObject({
      duration: 0,
      hosts: [],
      bands: [],
      traffic: [],
      series: [FAILED],
      totals: { requests: 0, failed: 0 },
    });
  });

  it('reads images by their tag', () => {
    const data = buildTimeline({ events: [at(0, 'h', 'starting', B), at(1, 'h', 'in', B)], traffic: [] });
    expect(data.bands.map((b) => b.version)).toEqual(['1.1.0']);
  });
});
