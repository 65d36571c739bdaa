import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoad } from '../src/load.js';

// A real HTTP server that fails every fifth request, so the counts have something to count.
describe('startLoad (real HTTP, fixed rate)', () => {
  let server: http.Server;
  let url: string;
  let served = 0;
  let served500 = 0;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      served += 1;
      const status = served % 5 === 0 ? 500 : 200;
      if (status === 500) served500 += 1;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ version: served % 2 === 0 ? 'even' : 'odd' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('holds the rate, runs at least the minimum duration and counts non-2xx as failed', async () => {
    served = 0;
    served500 = 0;
    const connections = 10;
    const report = await startLoad({ url, rate: 50, connections, minDurationMs: 2000 }).stop();
    expect(report.durationMs).toBeGreaterThanOrEqual(2000);
    // 50 req/s for about 2 s; the bounds are loose because a timer-driven rate is approximate.
    expect(report.sent).toBeGreaterThanOrEqual(80);
    expect(report.sent).toBeLessThanOrEqual(140);
    // Every response the client counted was served. A response still in flight when the load
    // stops is served but never counted; each connection has at most one in flight (no
    // pipelining), so at most `connections` served responses, of any status, go uncounted.
    expect(report.completed).toBeLessThanOrEqual(served);
    expect(served - report.completed).toBeLessThanOrEqual(connections);
    expect(report.non2xx).toBeLessThanOrEqual(served500);
    expect(served500 - report.non2xx).toBeLessThanOrEqual(served - report.completed);
    expect(report.failed).toBe(report.non2xx + report.errors);
    expect(report.failed).toBeGreaterThan(0);
    // When the failures came back: within the load, the first no later than the last.
    expect(report.firstFailureAt).toBeGreaterThanOrEqual(Date.now() - report.durationMs - 1000);
    expect(report.lastFailureAt).toBeGreaterThanOrEqual(report.firstFailureAt ?? Number.POSITIVE_INFINITY);
    expect((report.versions.even ?? 0) + (report.versions.odd ?? 0)).toBe(report.completed);
    // The same outcomes, second by second, for the timeline: 2xx by version, the rest failed.
    const servedPerSecond = report.traffic.flatMap((s) => Object.values(s.served));
    const failedPerSecond = report.traffic.map((s) => s.failed);
    expect(servedPerSecond.reduce((a, b) => a + b, 0)).toBe(report.completed - report.non2xx);
    expect(failedPerSecond.reduce((a, b) => a + b, 0)).toBe(report.failed);
    expect(new Set(report.traffic.flatMap((s) => Object.keys(s.served)))).toEqual(new Set(['even', 'odd']));
    expect(report.traffic.length).toBeGreaterThanOrEqual(2);
    // Whole wall-clock seconds, one after the other.
    for (const [i, s] of report.traffic.entries()) {
      expect([s.t % 1000, s.durationMs]).toEqual([0, 1000]);
      if (i > 0) expect(s.t - (report.traffic[i - 1]?.t ?? 0)).toBe(1000);
    }
  });

  it('counts refused connections as failed', async () => {
    const report = await startLoad({ url: 'http://127.0.0.1:18019/', rate: 20, minDurationMs: 1000 }).stop();
    expect(report.completed).toBe(0);
    expect(report.errors).toBeGreaterThan(0);
    expect(report.failed).toBe(report.errors);
    expect(report.traffic.reduce((n, s) => n + s.failed, 0)).toBe(report.errors);
    expect(report.traffic.every((s) => Object.keys(s.served).length === 0)).toBe(true);
    expect(report.firstFailureAt).toBeDefined();
  });
});
