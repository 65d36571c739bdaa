import { describe, expect, it } from 'vitest';
import { parseStat } from '../bench/cpu.js';
import { parseWrk, wrkArgs } from '../bench/wrk.js';

// A report as wrk 4.1 prints it with --latency.
const REPORT = `Running 5s test @ http://127.0.0.1:3180/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.21ms    1.02ms  31.40ms   91.02%
    Req/Sec     9.64k   512.33    10.21k    88.00%
  Latency Distribution
     50%    5.01ms
     75%    5.40ms
     90%    6.02ms
     99%  850.00us
  47960 requests in 5.00s, 14.27MB read
  Non-2xx or 3xx responses: 12
Requests/sec:   9591.47
Transfer/sec:      2.85MB
`;

describe('wrk', () => {
  it('builds the argv for one run', () => {
    expect(wrkArgs({ url: 'http://127.0.0.1:1/', durationSeconds: 5, connections: 50, threads: 1 })).toEqual([
      '-t1',
      '-c50',
      '-d5s',
      '--latency',
      'http://127.0.0.1:1/',
    ]);
  });

  it('reads the request count, requests/s, p99 in milliseconds and the non-2xx count', () => {
    expect(parseWrk(REPORT)).toEqual({
      requests: 47960,
      requestsPerSecond: 9591.47,
      p99Ms: 0.85,
      non2xx: 12,
    });
    expect(parseWrk(REPORT.replace('850.00us', '1.20s')).p99Ms).toBe(1200);
  });

  it('fails loudly on output it does not understand', () => {
    expect(() => parseWrk('unable to connect to 127.0.0.1:3180 Connection refused')).toThrow(
      /could not read/,
    );
  });
});

describe('parseStat', () => {
  it('sums utime and stime, even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (node (my app)) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 75 0 0 20 0 11 0 999 0 0';
    expect(parseStat(stat)).toBe(325);
  });
});
