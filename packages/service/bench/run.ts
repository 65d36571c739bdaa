import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds } from './cpu.js';
import { type WrkResult, wrk } from './wrk.js';

// `make bench`: the built service against a bare Express 5 app serving the same JSON, in the
// same invocation, alternating which goes first in each run so drift hits both alike.
// Tunables come from the environment: BENCH_RUNS, BENCH_DURATION (s), BENCH_CONNECTIONS,
// BENCH_THREADS, BENCH_PORT (the service; the bare app uses the next port), LOG_LEVEL.

const dist = dirname(dirname(fileURLToPath(import.meta.url)));
const env = process.env;
const runs = Number(env.BENCH_RUNS ?? 5);
const durationSeconds = Number(env.BENCH_DURATION ?? 5);
const connections = Number(env.BENCH_CONNECTIONS ?? 50);
const threads = Number(env.BENCH_THREADS ?? 1);
const servicePort = Number(env.BENCH_PORT ?? 3180);
const barePort = servicePort + 1;
const paths = ['/', '/health'] as const;
const targets = ['service', 'bare'] as const;
type Target = (typeof targets)[number];

function start(script: string, port: number, logFile: string): ChildProcess {
  // The service runs in its production configuration; its logs go to a file, as a container
  // runtime's log driver would take them, and are counted at the end.
  const out = openSync(logFile, 'w');
  return spawn(process.execPath, [join(dist, script)], {
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_ENV: 'production',
      APP_VERSION: '0.0.0-bench',
      NODE_ENV: 'production',
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
  throw new Error(`nothing answered on 127.0.0.1:${port} within 10 s`);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'shipyard-bench-'));
  const serviceLog = join(work, 'service.log');
  const children = [
    start('server.js', servicePort, serviceLog),
    start('bench/bare-express.js', barePort, join(work, 'bare.log')),
  ];
  const results = new Map<string, (WrkResult & { cpuUsPerRequest: number })[]>();
  const pids: Record<Target, number> = { service: children[0]?.pid ?? 0, bare: children[1]?.pid ?? 0 };
  try {
    await Promise.all([waitUntilUp(servicePort), waitUntilUp(barePort)]);
    console.log(
      `wrk: ${runs} runs x ${durationSeconds}s, ${connections} connections, ${threads} thread(s); ` +
        `service LOG_LEVEL=${env.LOG_LEVEL ?? 'info (default)'}`,
    );
    for (let run = 1; run <= runs; run++) {
      const order: readonly Target[] = run % 2 ? targets : [...targets].reverse();
      for (const path of paths) {
        for (const target of order) {
          const port = target === 'service' ? servicePort : barePort;
          const url = `http://127.0.0.1:${port}${path}`;
          const cpuBefore = cpuSeconds(pids[target]) ?? Number.NaN;
          const measured = await wrk({ url, durationSeconds, connections, threads });
          const cpuUsed = (cpuSeconds(pids[target]) ?? Number.NaN) - cpuBefore;
          if (measured.non2xx > 0) throw new Error(`${target} ${path}: ${measured.non2xx} non-2xx responses`);
          const cpuUsPerRequest = (1e6 * cpuUsed) / (measured.requestsPerSecond * durationSeconds);
          const result = { ...measured, cpuUsPerRequest };
          const key = `${target} ${path}`;
          results.set(key, [...(results.get(key) ?? []), result]);
          console.log(
            `run ${run}/${runs}  ${key.padEnd(16)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  ` +
              `p99 ${result.p99Ms.toFixed(2).padStart(7)} ms  ${cpuUsPerRequest.toFixed(1).padStart(6)} CPU-µs/req`,
          );
        }
      }
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }

  console.log(
    '\nmedians (CPU-µs/req: server CPU time per request; bare/service of it is the throughput ratio per core)',
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
    const svcCpu = median(svc.map((r) => r.cpuUsPerRequest));
    const bareCpu = median(bare.map((r) => r.cpuUsPerRequest));
    console.log(
      `| GET ${path} | ${svcRps.toFixed(0)} | ${bareRps.toFixed(0)} | ${((100 * svcRps) / bareRps).toFixed(1)}% | ` +
        `${median(svc.map((r) => r.p99Ms)).toFixed(2)} | ${median(bare.map((r) => r.p99Ms)).toFixed(2)} | ` +
        `${svcCpu.toFixed(1)} | ${bareCpu.toFixed(1)} | ${((100 * bareCpu) / svcCpu).toFixed(1)}% |`,
    );
  }
  const lines = readFileSync(serviceLog, 'utf8').split('\n').length - 1;
  console.log(`\nservice wrote ${lines} log lines during the benchmark`);
  rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
