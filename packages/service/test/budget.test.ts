import { describe, expect, it } from 'vitest';
import {
  BUDGET,
  formatVerdict,
  judge,
  median,
  pairedRatio,
  type RouteRuns,
  type Sample,
} from '../bench/budget.js';

// A run at `us` CPU-µs per request: 100 000 requests.
const at = (us: number): Sample => ({ requests: 100_000, cpuSeconds: us / 10 });
const route = (path: string, service: number[], bare: number[]): RouteRuns => ({
  path,
  service: service.map(at),
  bare: bare.map(at),
});
const logged = { lines: 300_000, loggedRequests: 300_000 };

describe('the budget', () => {
  it('is 80% of bare Express per core on GET / (1.25x its CPU) and 90% on /health', () => {
    expect(BUDGET).toEqual({ '/': 0.8, '/health': 0.9 });
  });

  it('holds when both routes reach their minimum, exactly 1.25x included', () => {
    const verdict = judge(
      [route('/', [25, 25, 25], [20, 20, 20]), route('/health', [21, 21, 21], [20, 20, 20])],
      logged,
    );
    expect(verdict.holds).toBe(true);
    expect(verdict.problems).toEqual([]);
    expect(verdict.routes.map((r) => [r.path, r.ratio.toFixed(4), r.holds])).toEqual([
      ['/', '0.8000', true],
      ['/health', '0.9524', true],
    ]);
  });

  it('does not hold when GET / costs more than 1.25x, and says by how much', () => {
    const verdict = judge(
      [route('/', [28.2, 28.2, 28.2], [20.3, 20.3, 20.3]), route('/health', [20, 20, 20], [20, 20, 20])],
      logged,
    );
    expect(verdict.holds).toBe(false);
    expect(verdict.routes[0]).toMatchObject({ path: '/', holds: false });
    expect(verdict.problems).toEqual(['GET / is at 72.0% of bare Express per core, below 80.0%']);
  });

  it('does not hold when /health alone misses its 90%', () => {
    const verdict = judge(
      [route('/', [20, 20, 20], [20, 20, 20]), route('/health', [23, 23, 23], [20, 20, 20])],
      logged,
    );
    expect(verdict.holds).toBe(false);
    expect(verdict.problems).toEqual(['GET /health is at 87.0% of bare Express per core, below 90.0%']);
  });

  it("takes the median of each run's own ratio, so a run disturbed on one side does not decide", () => {
    // Runs 2 and 4 had the service, then bare Express, share the machine with something else.
    const verdict = judge(
      [
        route('/', [22, 40, 22, 21, 23], [20, 20, 20, 40, 20]),
        route('/health', [20, 20, 20, 20, 20], [20, 20, 20, 20, 20]),
      ],
      logged,
    );
    expect(verdict.routes[0]?.ratio).toBeCloseTo(20 / 22, 6);
    expect(verdict.holds).toBe(true);
  });

  it('cannot hold when a route was not measured or its CPU time is unknown', () => {
    const noCpu = { path: '/health', service: [{ requests: 10, cpuSeconds: Number.NaN }], bare: [at(20)] };
    const verdict = judge([noCpu], logged);
    expect(verdict.holds).toBe(false);
    expect(verdict.problems).toEqual([
      'GET / was not measured: no run gave a CPU time per request for both servers',
      'GET /health was not measured: no run gave a CPU time per request for both servers',
    ]);
  });

  it('cannot hold on a service that logged less than one line per GET / request', () => {
    const fast = [route('/', [20, 20, 20], [20, 20, 20]), route('/health', [20, 20, 20], [20, 20, 20])];
    const verdict = judge(fast, { lines: 12, loggedRequests: 300_000 });
    expect(verdict.holds).toBe(false);
    expect(verdict.problems).toEqual([
      'the service wrote 12 log lines for 300000 requests to GET /: the budget counts one line per request, so run it with the default LOG_LEVEL',
    ]);
  });

  it('prints one line per route and the outcome', () => {
    const verdict = judge([route('/', [25.5], [20]), route('/health', [21], [20])], logged);
    expect(formatVerdict(verdict, 1)).toEqual([
      'budget: throughput per core (server CPU per request) against bare Express 5, median of 1 runs',
      '  GET /               78.4%  (at least 80.0%)  MISSED',
      '  GET /health         95.2%  (at least 90.0%)  holds',
      'the budget does not hold: GET / is at 78.4% of bare Express per core, below 80.0%.',
    ]);
  });
});

describe('pairedRatio', () => {
  it("is the median of bare's CPU per request over the server's, run by run, over the runs both have", () => {
    expect(pairedRatio([at(25), at(20), at(40)], [at(20), at(20), at(20), at(5)])).toBe(0.8);
    expect(pairedRatio([], [at(20)])).toBeNaN();
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
