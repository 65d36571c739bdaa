import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  cpuUsPerRequest,
  formatVerdict,
  judge,
  median,
  pairedRatio,
  type RouteRuns,
  type Sample,
} from './budget.js';
import { cpuSeconds } from './cpu.js';
import { benchOptions } from './options.js';
import { type WrkResult, wrk } from './wrk.js';

// `make bench-service`: the built service against a bare Express 5 app serving the same JSON, in
// the same invocation, alternating which goes first in each run so drift hits both alike. Prints
// every run, the medians, and the budget's verdict (budget.ts); exits 1 when it does not hold.
// Settings come from the environment (options.ts); LOG_LEVEL reaches the service. BENCH_COMPARE
// adds another build of the service to the same alternation, e.g. the one before a change.

const dist = dirname(dirname(fileURLToPath(import.meta.url)));
const paths = ['/', '/health'] as const;
type Target = 'service' | 'bare' | 'compare';
type Measured = WrkResult & Sample;

/** Starts `script`, a path to a built server, on `port` with its stdout in `logFile`. */
function start(script: string, port: number, logFile: string): ChildProcess {
  // The service runs in its production configuration; its logs go to a file, as a container
  // runtime's log driver would take them, and are counted at the end. No drain period: the
  // benchmark stops it, not a load balancer.
  const out = openSync(logFile, 'w');
  return spawn(process.execPath, [script], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_ENV: 'production',
      APP_VERSION: '0.0.0-bench',
      NODE_ENV: 'production',
      DRAIN_PERIOD_MS: '0',
    },
    stdio: ['ignore', out, 'inherit'],
  });
}

async function waitUntilUp(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing answered on 127.0.0.1:${port} within 10 s; is the port taken? Set BENCH_PORT.`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Access-log lines for GET / in the service's log (written out in full once it has exited). */
async function countGreetingLines(logFile: string): Promise<number> {
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(logFile) })) {
    if (line.includes('"msg":"GET / ')) count++;
  }
  return count;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

async function main(): Promise<number> {
  const options = benchOptions(process.env);
  const compared = options.compare === undefined ? undefined : join(resolve(options.compare), 'server.js');
  if (compared !== undefined && !existsSync(compared)) {
    throw new Error(
      `BENCH_COMPARE must be the dist directory of another build of the service (no ${compared})`,
    );
  }
  const targets: Target[] = compared === undefined ? ['service', 'bare'] : ['service', 'bare', 'compare'];
  const ports: Record<Target, number> = {
    service: options.port,
    bare: options.port + 1,
    compare: options.port + 2,
  };
  const scripts: Record<Target, string> = {
    service: join(dist, 'server.js'),
    bare: join(dist, 'bench', 'bare-express.js'),
    compare: compared ?? '',
  };
  const work = mkdtempSync(join(tmpdir(), 'shipyard-bench-'));
  const serviceLog = join(work, 'service.log');
  const children = new Map<Target, ChildProcess>(
    targets.map((target) => [target, start(scripts[target], ports[target], join(work, `${target}.log`))]),
  );
  const child = (target: Target) => children.get(target) as ChildProcess;
  const results = new Map<string, Measured[]>();
  try {
    await Promise.all(targets.map((target) => waitUntilUp(ports[target])));
    for (const target of targets) {
      if (cpuSeconds(child(target).pid ?? 0) === undefined) {
        throw new Error(
          `cannot read the ${target} server's CPU time from /proc/<pid>/stat (Linux only); the budget is CPU time per request`,
        );
      }
    }
    console.log(
      `wrk: ${options.runs} runs x ${options.durationSeconds}s, ${options.connections} connections, ` +
        `${options.threads} thread(s); service LOG_LEVEL=${process.env.LOG_LEVEL || 'info (default)'}` +
        (compared === undefined ? '' : `; compare = ${compared}`),
    );
    for (let run = 1; run <= options.runs; run++) {
      const order: readonly Target[] = run % 2 ? targets : [...targets].reverse();
      for (const path of paths) {
        for (const target of order) {
          const pid = child(target).pid ?? 0;
          const url = `http://127.0.0.1:${ports[target]}${path}`;
          const cpuBefore = cpuSeconds(pid) ?? Number.NaN;
          const measured = await wrk({ ...options, url });
          const cpuUsed = (cpuSeconds(pid) ?? Number.NaN) - cpuBefore;
          if (measured.non2xx > 0) throw new Error(`${target} ${path}: ${measured.non2xx} non-2xx responses`);
          const result = { ...measured, cpuSeconds: cpuUsed };
          const key = `${target} ${path}`;
          results.set(key, [...(results.get(key) ?? []), result]);
          console.log(
            `run ${run}/${options.runs}  ${key.padEnd(16)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  ` +
              `p99 ${result.p99Ms.toFixed(2).padStart(7)} ms  ${fixed(cpuUsPerRequest(result), 1).padStart(6)} CPU-µs/req`,
          );
        }
      }
    }
  } finally {
    await Promise.all(targets.map((target) => stop(child(target))));
  }

  const runs: RouteRuns[] = paths.map((path) => ({
    path,
    service: results.get(`service ${path}`) ?? [],
    bare: results.get(`bare ${path}`) ?? [],
  }));
  const greetings = (results.get('service /') ?? []).reduce((sum, r) => sum + r.requests, 0);
  const lines = await countGreetingLines(serviceLog);
  rmSync(work, { recursive: true, force: true });
  const verdict = judge(runs, { lines, loggedRequests: greetings });

  console.log(
    '\nmedians (CPU-µs/req: server CPU time per request; per-core ratio: bare over service, run by run)',
  );
  console.log(
    '| route | service req/s | bare req/s | service/bare | service p99 ms | bare p99 ms | service CPU-µs/req | bare CPU-µs/req | per-core ratio |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const path of paths) {
    const svc = results.get(`service ${path}`) ?? [];
    const bare = results.get(`bare ${path}`) ?? [];
    const svcRps = median(svc.map((r) => r.requestsPerSecond));
    const bareRps = median(bare.map((r) => r.requestsPerSecond));
    console.log(
      `| GET ${path} | ${fixed(svcRps, 0)} | ${fixed(bareRps, 0)} | ${fixed((100 * svcRps) / bareRps, 1)}% | ` +
        `${fixed(median(svc.map((r) => r.p99Ms)), 2)} | ${fixed(median(bare.map((r) => r.p99Ms)), 2)} | ` +
        `${fixed(median(svc.map(cpuUsPerRequest)), 1)} | ${fixed(median(bare.map(cpuUsPerRequest)), 1)} | ` +
        `${fixed(100 * (verdict.routes.find((r) => r.path === path)?.ratio ?? Number.NaN), 1)}% |`,
    );
  }
  if (compared !== undefined) {
    console.log(`\nthe compared build (${compared}), medians`);
    console.log('| route | compare req/s | compare p99 ms | compare CPU-µs/req | per-core ratio vs bare |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const path of paths) {
      const other = results.get(`compare ${path}`) ?? [];
      const ratio = pairedRatio(other, results.get(`bare ${path}`) ?? []);
      console.log(
        `| GET ${path} | ${fixed(median(other.map((r) => r.requestsPerSecond)), 0)} | ` +
          `${fixed(median(other.map((r) => r.p99Ms)), 2)} | ${fixed(median(other.map(cpuUsPerRequest)), 1)} | ` +
          `${fixed(100 * ratio, 1)}% |`,
      );
    }
  }
  console.log(`\nthe service logged ${lines} access lines for ${greetings} GET / requests\n`);
  for (const line of formatVerdict(verdict, options.runs)) console.log(line);
  return verdict.holds ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
