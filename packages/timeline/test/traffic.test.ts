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

  it('cuts the first and last seconds to the window the load ran in', () => {
    const r = new TrafficRecorder();
    r.served(T0 + 600, 'a');
    r.served(T0 + 1500, 'a');
    r.served(T0 + 2100, 'a');
    expect(r.samples({ start: T0 + 500, end: T0 + 2250 })).toEqual([
      { t: T0 + 500, durationMs: 500, served: { a: 1 }, failed: 0 },
      { t: T0 + 1000, durationMs: 1000, served: { a: 1 }, failed: 0 },
      { t: T0 + 2000, durationMs: 250, served: { a: 1 }, failed: 0 },
    ]);
  });

  it('has no samples before the first outcome', () => {
    expect(new TrafficRecorder().samples()).toEqual([]);
  });
});

describe('mergeTraffic', () => {
  it('merges seconds two loads entered or left part-way into one interval covering both', () => {
    const staging = new TrafficRecorder();
    const production = new TrafficRecorder();
    staging.served(T0 + 400, 'a');
    staging.served(T0 + 1500, 'a');
    production.served(T0 + 600, 'a');
    production.served(T0 + 1200, 'a');
    expect(
      mergeTraffic(
        staging.samples({ start: T0 + 300, end: T0 + 1700 }),
        production.samples({ start: T0 + 500, end: T0 + 1600 }),
      ),
    ).toEqual([
      { t: T0 + 300, durationMs: 700, served: { a: 2 }, failed: 0 },
      { t: T0 + 1000, durationMs: 700, served: { a: 2 }, failed: 0 },
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
