import { describe, expect, it } from 'vitest';
import { mergeTraffic, TrafficRecorder } from '../src/traffic.js';
import { T0 } from './fixtures.js';

describe('TrafficRecorder', () => {
  it('counts outcomes into wall-clock seconds, quiet seconds as zeros', () => {
    const r = new TrafficRecorder();
    r.served(T0 + 100, '1.0.0');
    r.served(T0 + 999, '1.0.0');
    r.served(T0 + 1000, '1.1.0');
    r.failed(T0 + 1500);
    r.served(T0 + 3200, '1.1.0');
    expect(r.samples()).toEqual([
      { t: T0, durationMs: 1000, served: { '1.0.0': 2 }, failed: 0 },
      { t: T0 + 1000, durationMs: 1000, served: { '1.1.0': 1 }, failed: 1 },
      { t: T0 + 2000, durationMs: 1000, served: {}, failed: 0 },
      { t: T0 + 3000, durationMs: 1000, served: { '1.1.0': 1 }, failed: 0 },
    ]);
  });

  it('has no samples before the first outcome', () => {
    expect(new TrafficRecorder().samples()).toEqual([]);
  });
});

describe('mergeTraffic', () => {
  it('merges samples of one second that cover different spans into one covering both', () => {
    const sample = (t: number, durationMs: number, n: number) => ({
      t,
      durationMs,
      served: { a: n },
      failed: 0,
    });
    expect(
      mergeTraffic([sample(T0 + 300, 700, 1)], [sample(T0 + 500, 400, 2), sample(T0 + 1000, 1000, 3)]),
    ).toEqual([
      { t: T0 + 300, durationMs: 700, served: { a: 3 }, failed: 0 },
      { t: T0 + 1000, durationMs: 1000, served: { a: 3 }, failed: 0 },
    ]);
  });

  it('adds up two recorders second by second, since both bucket on the wall clock', () => {
    const staging = new TrafficRecorder();
    const production = new TrafficRecorder();
    staging.served(T0 + 10, '1.0.0');
    production.served(T0 + 900, '1.0.0');
    production.served(T0 + 1100, '1.1.0');
    staging.failed(T0 + 1200);
    expect(mergeTraffic(staging.samples(), production.samples())).toEqual([
      { t: T0, durationMs: 1000, served: { '1.0.0': 2 }, failed: 0 },
      { t: T0 + 1000, durationMs: 1000, served: { '1.1.0': 1 }, failed: 1 },
    ]);
  });
});
