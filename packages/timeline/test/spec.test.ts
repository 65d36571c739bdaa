import { describe, expect, it } from 'vitest';
import { BEFORE, buildTimeline, FAILED, type TrafficRow } from '../src/model.js';
import { seriesColours, summaryLines, timelineSpec, trafficPoints } from '../src/spec.js';
import type { TrafficSample } from '../src/traffic.js';
import { ROLLOUT, T0 } from './fixtures.js';

const traffic: TrafficSample[] = [
  { t: T0, durationMs: 1000, served: { [BEFORE]: 40 }, failed: 0 },
  { t: T0 + 10_000, durationMs: 1000, served: { '1.1.0': 30, [BEFORE]: 8 }, failed: 2 },
];

const spec = (withTraffic: boolean): unknown =>
  timelineSpec(buildTimeline({ events: ROLLOUT, traffic: withTraffic ? traffic : undefined }), {
    title: 'Roll-out of B to staging',
    subtitle: ['sampled from HAProxy'],
  });

/** Walks the spec (plain JSON) by keys and indexes; undefined where the path ends. */
function dig(value: unknown, ...path: (string | number)[]): unknown {
  let here = value;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string | number, unknown>)[key];
  }
  return here;
}

describe('timelineSpec', () => {
  it('stacks requests per second by version above the host bands, on one shared time axis', () => {
    const s = spec(true);
    expect([dig(s, 'vconcat', 0, 'name'), dig(s, 'vconcat', 1, 'name')]).toEqual(['traffic', 'hosts']);
    expect(dig(s, 'resolve', 'scale', 'x')).toBe('shared');
    const chart = dig(s, 'vconcat', 0);
    const bands = dig(s, 'vconcat', 1, 'layer', 0);
    expect(dig(chart, 'mark')).toMatchObject({ type: 'area', interpolate: 'step-after' });
    expect(dig(chart, 'encoding', 'y')).toMatchObject({
      field: 'rate',
      stack: 'zero',
      title: 'requests per second',
    });
    expect(dig(chart, 'encoding', 'color', 'scale')).toEqual({
      domain: [BEFORE, '1.1.0', FAILED],
      range: ['#9d9d9d', '#4c78a8', '#e45756'],
    });
    expect(dig(chart, 'encoding', 'x', 'scale', 'domain')).toEqual([0, 14]);
    expect(dig(bands, 'encoding', 'x', 'scale', 'domain')).toEqual([0, 14]);
    expect(dig(bands, 'encoding', 'x', 'title')).toBe('seconds since 2025-06-01T12:00:00Z');
  });

  it('colours each band by phase, lists every phase in the legend, and marks failures', () => {
    const bands = dig(spec(true), 'vconcat', 1, 'layer', 0);
    const failures = dig(spec(true), 'vconcat', 1, 'layer', 1);
    expect(dig(bands, 'encoding', 'y', 'scale', 'domain')).toEqual(['staging-1', 'staging-2']);
    expect(dig(bands, 'encoding', 'color', 'scale', 'domain')).toEqual([
      'out of the LB',
      'starting',
      'baking (in the LB)',
      'in service',
      'failed',
      'rolling back',
    ]);
    expect(dig(bands, 'data', 'values')).toHaveLength(7);
    expect(dig(bands, 'data', 'values', 0)).toMatchObject({
      host: 'staging-1',
      label: 'out of the LB',
      description: 'staging-1: out of the LB (1.1.0) from 2.0 s to 3.0 s',
    });
    expect(dig(failures, 'data', 'values')).toEqual([
      expect.objectContaining({
        host: 'staging-2',
        at: 12,
        description: 'staging-2: 1.1.0 failed at 12.0 s',
      }),
    ]);
  });

  it('draws only the bands when traffic was not sampled, and says so through the caller subtitle', () => {
    const s = spec(false);
    expect(dig(s, 'vconcat', 'length')).toBe(1);
    expect(dig(s, 'vconcat', 0, 'name')).toBe('hosts');
    expect(dig(s, 'title', 'subtitle')).toEqual(['sampled from HAProxy', '2 host(s) over 12.0 s']);
  });

  it('ends the subtitle with the totals', () => {
    expect(dig(spec(true), 'title')).toMatchObject({
      text: 'Roll-out of B to staging',
      subtitle: [
        'sampled from HAProxy',
        '2 host(s) over 14.0 s: 80 requests, 2 failed (2.50 %)',
        'served: before 48, 1.1.0 30',
      ],
    });
  });
});

describe('pieces', () => {
  it('gives versions their own colours, BEFORE grey and FAILED red', () => {
    expect(seriesColours([BEFORE, 'a', 'b', FAILED])).toEqual(['#9d9d9d', '#4c78a8', '#f58518', '#e45756']);
  });

  it('repeats each series last row at its end, so the final interval is drawn', () => {
    const row = (from: number, series: string): TrafficRow => ({
      from,
      to: from + 1,
      series,
      order: 0,
      count: 1,
      rate: 1,
    });
    expect(trafficPoints([row(0, 'a'), row(0, 'b'), row(1, 'a'), row(1, 'b')]).slice(4)).toEqual([
      { ...row(1, 'a'), from: 2 },
      { ...row(1, 'b'), from: 2 },
    ]);
  });

  it('summarises without traffic as hosts and span only', () => {
    expect(summaryLines(buildTimeline({ events: ROLLOUT }))).toEqual(['2 host(s) over 12.0 s']);
  });
});
