import { describe, expect, it } from 'vitest';
import { BenchOptionsError, benchOptions } from '../bench/options.js';

describe('benchOptions', () => {
  it('takes the documented defaults', () => {
    expect(benchOptions({})).toEqual({
      runs: 5,
      durationSeconds: 5,
      connections: 50,
      threads: 1,
      port: 3180,
    });
  });

  it('reads every variable', () => {
    expect(
      benchOptions({
        BENCH_RUNS: '7',
        BENCH_DURATION: '3',
        BENCH_CONNECTIONS: '32',
        BENCH_THREADS: '2',
        BENCH_PORT: '4000',
        BENCH_COMPARE: '/tmp/before/packages/service/dist',
      }),
    ).toEqual({
      runs: 7,
      durationSeconds: 3,
      connections: 32,
      threads: 2,
      port: 4000,
      compare: '/tmp/before/packages/service/dist',
    });
  });

  it('reports every bad value in one line, naming the variable and what it takes', () => {
    const read = () => benchOptions({ BENCH_RUNS: 'five', BENCH_PORT: '65534', BENCH_DURATION: '0' });
    expect(read).toThrow(BenchOptionsError);
    expect(read).toThrow(
      'BENCH_RUNS must be an integer from 1 to 100 (got "five"); ' +
        'BENCH_DURATION must be an integer from 1 to 3600 (got "0"); ' +
        'BENCH_PORT must be an integer from 1 to 65533 (got "65534"). ' +
        'Fix the environment and run make bench-service again.',
    );
  });
});
