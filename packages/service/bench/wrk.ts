import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkOptions {
  readonly url: string;
  readonly durationSeconds: number;
  readonly connections: number;
  readonly threads: number;
}

export interface WrkResult {
  /** Requests completed during the run. */
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly non2xx: number;
}

/** The argv for one wrk run; kept apart from running it so it can be read and checked. */
export function wrkArgs(options: WrkOptions): string[] {
  return [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.durationSeconds}s`,
    '--latency',
    options.url,
  ];
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** Reads the request count, requests/s, the p99 latency and the non-2xx count from wrk's text report. */
export function parseWrk(output: string): WrkResult {
  const requests = /^\s*(\d+) requests in /m.exec(output);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(output);
  if (!requests?.[1] || !rps?.[1] || !p99?.[1] || !p99[2]) {
    throw new Error(`could not read wrk's report:\n${output}`);
  }
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  return {
    requests: Number(requests[1]),
    requestsPerSecond: Number(rps[1]),
    p99Ms: Number(p99[1]) * (UNIT_MS[p99[2]] ?? Number.NaN),
    non2xx: non2xx?.[1] ? Number(non2xx[1]) : 0,
  };
}

export async function wrk(options: WrkOptions): Promise<WrkResult> {
  const { stdout } = await run('wrk', wrkArgs(options));
  return parseWrk(stdout);
}
