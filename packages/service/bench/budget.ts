// The service's performance budget and the verdict `make bench-service` gives on it. Pure:
// run.ts measures, this decides, so the decision is tested on its own.

/**
 * The least throughput per core the service may have, per route, as a share of a bare Express 5
 * app serving the same JSON: bare's server CPU per request over the service's. 80% on GET /
 * means at most 1.25x bare Express's CPU per request, its log line included.
 */
export const BUDGET: Readonly<Record<string, number>> = { '/': 0.8, '/health': 0.9 };

/** One wrk run against one server, with the CPU time that server used meanwhile. */
export interface Sample {
  readonly requests: number;
  readonly cpuSeconds: number;
}

/** The runs of one route, service and bare Express alternated, run i of each side by side. */
export interface RouteRuns {
  readonly path: string;
  readonly service: readonly Sample[];
  readonly bare: readonly Sample[];
}

export interface RouteVerdict {
  readonly path: string;
  /** Median over the runs of bare's CPU per request over the service's, in the same run. */
  readonly ratio: number;
  readonly minimum: number;
  readonly holds: boolean;
}

export interface Verdict {
  readonly routes: readonly RouteVerdict[];
  /** Why the budget cannot be judged or does not hold, one sentence each; empty when it holds. */
  readonly problems: readonly string[];
  readonly holds: boolean;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Server CPU microseconds per request of one run; NaN when it cannot be told. */
export const cpuUsPerRequest = (sample: Sample): number =>
  sample.requests > 0 ? (1e6 * sample.cpuSeconds) / sample.requests : Number.NaN;

/**
 * Throughput per core of `server` as a share of `bare`: the median over runs of bare's CPU per
 * request over the server's in the same run. Pairing runs means a machine that slows down
 * mid-benchmark slows both sides of a ratio alike.
 */
export function pairedRatio(server: readonly Sample[], bare: readonly Sample[]): number {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(server.length, bare.length); i++) {
    ratios.push(cpuUsPerRequest(bare[i] as Sample) / cpuUsPerRequest(server[i] as Sample));
  }
  return median(ratios);
}

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

/**
 * Judges the budget on `pairedRatio` per route. It holds only when every budgeted route was
 * measured and meets its minimum, and the service wrote at least one log line per GET /
 * request (the budget includes logging).
 */
export function judge(
  runs: readonly RouteRuns[],
  logging: { lines: number; loggedRequests: number },
): Verdict {
  const problems: string[] = [];
  const routes: RouteVerdict[] = [];
  for (const [path, minimum] of Object.entries(BUDGET)) {
    const route = runs.find((candidate) => candidate.path === path);
    const ratio = route ? pairedRatio(route.service, route.bare) : Number.NaN;
    if (!Number.isFinite(ratio) || ratio <= 0) {
      problems.push(`GET ${path} was not measured: no run gave a CPU time per request for both servers`);
      routes.push({ path, ratio: Number.NaN, minimum, holds: false });
      continue;
    }
    const holds = ratio >= minimum;
    if (!holds)
      problems.push(
        `GET ${path} is at ${percent(ratio)} of bare Express per core, below ${percent(minimum)}`,
      );
    routes.push({ path, ratio, minimum, holds });
  }
  if (logging.lines < logging.loggedRequests) {
    problems.push(
      `the service wrote ${logging.lines} log lines for ${logging.loggedRequests} requests to GET /: ` +
        'the budget counts one line per request, so run it with the default LOG_LEVEL',
    );
  }
  return { routes, problems, holds: problems.length === 0 };
}

/** The verdict as printed: one line per route, then the outcome. */
export function formatVerdict(verdict: Verdict, runs: number): string[] {
  const lines = [
    `budget: throughput per core (server CPU per request) against bare Express 5, median of ${runs} runs`,
  ];
  for (const route of verdict.routes) {
    const measured = Number.isNaN(route.ratio) ? 'not measured' : percent(route.ratio);
    lines.push(
      `  GET ${route.path.padEnd(8)} ${measured.padStart(12)}  (at least ${percent(route.minimum)})  ${route.holds ? 'holds' : 'MISSED'}`,
    );
  }
  lines.push(
    verdict.holds ? 'the budget holds' : `the budget does not hold: ${verdict.problems.join('; ')}.`,
  );
  return lines;
}
