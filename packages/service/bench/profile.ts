import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CpuProfile, formatSummary, summarise } from './cpu-profile.js';
import { benchOptions } from './options.js';
import { wrk } from './wrk.js';

// `make profile-service`: where the CPU time of one route goes. Starts the built service (or,
// with PROFILE_TARGET=bare, the bare Express app; with PROFILE_TARGET=compare, the build in
// BENCH_COMPARE) under `node --cpu-prof` in its production
// configuration, loads PROFILE_PATH (default /) with wrk, stops it so V8 writes the profile,
// prints the main thread's self time by origin and by frame, and keeps the profile in
// reports/ for Chrome DevTools. Node's own profiler: nothing to install, nothing shipped.

const dist = dirname(dirname(fileURLToPath(import.meta.url)));
const reports = join(dist, '..', '..', '..', 'reports');

async function main(): Promise<void> {
  const options = benchOptions(process.env);
  const target = process.env.PROFILE_TARGET || 'service';
  const path = process.env.PROFILE_PATH || '/';
  const scripts: Record<string, string | undefined> = {
    service: join(dist, 'server.js'),
    bare: join(dist, 'bench', 'bare-express.js'),
    compare: options.compare === undefined ? undefined : join(resolve(options.compare), 'server.js'),
  };
  const script = scripts[target];
  if (script === undefined || !existsSync(script)) {
    throw new Error(
      `PROFILE_TARGET must be service, bare, or compare with BENCH_COMPARE set to another build's dist (got ${JSON.stringify(target)})`,
    );
  }
  if (!path.startsWith('/')) throw new Error(`PROFILE_PATH must start with / (got ${JSON.stringify(path)})`);
  const work = mkdtempSync(join(tmpdir(), 'shipyard-profile-'));
  const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${work}`, script], {
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      APP_ENV: 'production',
      APP_VERSION: '0.0.0-bench',
      NODE_ENV: 'production',
      DRAIN_PERIOD_MS: '0',
    },
    // Logs go to a file, as in `make bench-service`: writing them is part of the cost.
    stdio: ['ignore', openSync(join(work, 'stdout.log'), 'w'), 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${options.port}${path}`;
  let requests = 0;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await fetch(url);
        break;
      } catch {
        if (attempt >= 100)
          throw new Error(`nothing answered on ${url} within 10 s; is the port taken? Set BENCH_PORT.`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    // Warm up first, so the profile shows optimised code; both runs count towards µs/request.
    console.log(`profiling ${target} ${path}: wrk 2s warm-up, then ${options.durationSeconds}s`);
    requests += (await wrk({ ...options, url, durationSeconds: 2 })).requests;
    requests += (await wrk({ ...options, url })).requests;
  } finally {
    child.kill('SIGTERM');
  }
  await exited;
  const file = readdirSync(work).find((name) => name.endsWith('.cpuprofile'));
  if (!file)
    throw new Error(
      `${target} wrote no CPU profile; it must exit through process.exit or the end of its loop`,
    );
  const profile = JSON.parse(readFileSync(join(work, file), 'utf8')) as CpuProfile;
  mkdirSync(reports, { recursive: true });
  const kept = join(
    reports,
    `profile-${target}-${path === '/' ? 'root' : path.replace(/\W+/g, '')}.cpuprofile`,
  );
  copyFileSync(join(work, file), kept);
  rmSync(work, { recursive: true, force: true });
  for (const line of formatSummary(summarise(profile, requests), requests)) {
    console.log(line);
  }
  console.log(`\nprofile kept in ${kept} (open it in Chrome DevTools, Performance tab)`);
}

main().catch((error: unknown) => {
  console.error(`profile: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
