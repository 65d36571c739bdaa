import { describe, expect, it } from 'vitest';
import { createIsoTime } from '../src/iso-time.js';

const expected = (ms: number) => `,"time":"${new Date(ms).toISOString()}"`;

describe('createIsoTime', () => {
  it("writes what pino's isoTime writes, for every millisecond width and across seconds", () => {
    let now = 0;
    const isoTime = createIsoTime(() => now);
    const base = Date.UTC(2026, 10, 26, 16, 2, 41);
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, 1001];
    // A day's worth of jumps, forwards and back, over second, minute, day and year boundaries.
    for (let ms = base - 86_400_000; ms < base + 86_400_000; ms += 7_777_777) samples.push(ms);
    samples.push(
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
      base + 5,
      base + 999,
      base + 1000,
    );
    samples.push(Date.UTC(1969, 11, 31, 23, 59, 59, 7), -1, Date.UTC(10_000, 0, 1, 0, 0, 0, 42));
    for (const ms of samples) {
      now = ms;
      expect(isoTime(), `at ${ms}`).toBe(expected(ms));
    }
  });

  it('keeps up with the clock within one second', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0, 0);
    const isoTime = createIsoTime(() => now);
    for (let step = 0; step < 2500; step += 3) {
      now += 3;
      expect(isoTime()).toBe(expected(now));
    }
  });

  it('reads the real clock by default', () => {
    const before = Date.now();
    const time = Date.parse(JSON.parse(`{${createIsoTime()().slice(1)}}`).time);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });
});
