// `make bench-service`'s settings, read from the environment once and checked, so a typo is
// one clear line rather than a benchmark of nothing.

export interface BenchOptions {
  /** wrk runs per route and server; the verdict takes their median. */
  readonly runs: number;
  readonly durationSeconds: number;
  readonly connections: number;
  readonly threads: number;
  /** The service's port; bare Express listens on the next one, a compared build on the one after. */
  readonly port: number;
  /** The `dist` directory of another build of the service, measured alongside (not judged). */
  readonly compare?: string;
}

export class BenchOptionsError extends Error {
  override readonly name = 'BenchOptionsError';
}

const SETTINGS = {
  runs: { variable: 'BENCH_RUNS', fallback: 5, min: 1, max: 100 },
  durationSeconds: { variable: 'BENCH_DURATION', fallback: 5, min: 1, max: 3600 },
  connections: { variable: 'BENCH_CONNECTIONS', fallback: 50, min: 1, max: 10_000 },
  threads: { variable: 'BENCH_THREADS', fallback: 1, min: 1, max: 64 },
  port: { variable: 'BENCH_PORT', fallback: 3180, min: 1, max: 65_533 },
} as const;

export function benchOptions(env: NodeJS.ProcessEnv): BenchOptions {
  const problems: string[] = [];
  const values: Record<string, number> = {};
  for (const [key, { variable, fallback, min, max }] of Object.entries(SETTINGS)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') {
      values[key] = fallback;
    } else if (/^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max) {
      values[key] = Number(raw);
    } else {
      problems.push(`${variable} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    }
  }
  if (problems.length > 0) {
    throw new BenchOptionsError(
      `${problems.join('; ')}. Fix the environment and run make bench-service again.`,
    );
  }
  const compare = env.BENCH_COMPARE || undefined;
  return { ...(values as unknown as BenchOptions), ...(compare ? { compare } : {}) };
}
