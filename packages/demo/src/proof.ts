import path from 'node:path';
import { ENVIRONMENTS, type Environment } from '@shipyard/contracts';
import { mergeTraffic } from '@shipyard/timeline';
import { type DeployAction, runDeploy } from './deploy-run.js';
import { servesVersion, viewHost } from './hosts.js';
import { type DemoHost, listHosts } from './inventory.js';
import { type LoadReport, startLoad } from './load.js';
import { watchServers } from './monitor.js';
import type { ScenarioResult } from './report.js';
import { type DemoSettings, lbUrl } from './settings.js';
import { proofFiles, startProofEvents, writeProofTimeline } from './timeline.js';

export interface E2eOptions {
  /** Fixed request rate per load balancer. @default 50 */
  readonly rate?: number;
  /** Minimum load duration per scenario. @default 20000 */
  readonly minLoadMs?: number;
  /** Where each proof's SVG timeline goes. @default <root>/reports/timelines */
  readonly timelines?: string;
}

/** A proof's picture: `<timelines>/<name>.svg`, titled `title`. */
export interface ProofPicture {
  readonly name: string;
  readonly title: string;
}

export interface Deployed {
  readonly exitCode: number;
  readonly output: string;
}

/** Adds up the loads on both load balancers into one line of the report. */
export function combineLoads(loads: readonly LoadReport[]): LoadReport {
  const versions: Record<string, number> = {};
  for (const l of loads)
    for (const [v, n] of Object.entries(l.versions)) versions[v] = (versions[v] ?? 0) + n;
  const firsts = loads.map((l) => l.firstFailureAt).filter((t): t is number => t !== undefined);
  const lasts = loads.map((l) => l.lastFailureAt).filter((t): t is number => t !== undefined);
  return {
    url: loads.map((l) => l.url).join(' + '),
    rate: loads.reduce((s, l) => s + l.rate, 0),
    sent: loads.reduce((s, l) => s + l.sent, 0),
    completed: loads.reduce((s, l) => s + l.completed, 0),
    failed: loads.reduce((s, l) => s + l.failed, 0),
    errors: loads.reduce((s, l) => s + l.errors, 0),
    non2xx: loads.reduce((s, l) => s + l.non2xx, 0),
    durationMs: Math.max(...loads.map((l) => l.durationMs)),
    versions,
    traffic: mergeTraffic(...loads.map((l) => l.traffic)),
    firstFailureAt: firsts.length > 0 ? Math.min(...firsts) : undefined,
    lastFailureAt: lasts.length > 0 ? Math.max(...lasts) : undefined,
  };
}

export interface UnderLoad<T> {
  readonly result: T;
  readonly load: LoadReport;
  readonly hostTimes: readonly { host: string; ms: number }[];
  readonly deployMs: number;
  /** The proof's SVG timeline, relative to the repository root. */
  readonly timeline: string;
}

/**
 * Does `work` while every load balancer takes a fixed-rate load for at least `minLoadMs`, and
 * HAProxy's view of each server is watched for per-host timings. `work` gets the proof's events
 * file for its deploys (`--events`); the proof's timeline is drawn from it and the load's counts.
 */
export async function underLoadWith<T>(
  settings: DemoSettings,
  options: E2eOptions,
  picture: ProofPicture,
  work: (events: string) => Promise<T>,
): Promise<UnderLoad<T>> {
  const files = proofFiles(
    options.timelines ?? path.join(settings.root, 'reports', 'timelines'),
    picture.name,
  );
  await startProofEvents(files);
  const loads = ENVIRONMENTS.map((env) =>
    startLoad({
      url: `${lbUrl(settings, env)}/`,
      rate: options.rate ?? 50,
      minDurationMs: options.minLoadMs ?? 20_000,
    }),
  );
  const watch = watchServers(settings, ENVIRONMENTS);
  const started = Date.now();
  const result = await work(files.events);
  const deployMs = Date.now() - started;
  const load = combineLoads(await Promise.all(loads.map((l) => l.stop())));
  const hostTimes = (await watch.stop()).map((w) => ({ host: w.host, ms: w.ms }));
  const hosts = (await listHosts(settings)).map((h) => h.name);
  const svg = await writeProofTimeline({ files, title: picture.title, load, hosts });
  return { result, load, hostTimes, deployMs, timeline: path.relative(settings.root, svg) };
}

/** Deploy commands env after env, under load; stops at the first that fails. */
export function underLoad(
  settings: DemoSettings,
  options: E2eOptions,
  runs: readonly { env: Environment; action: DeployAction }[],
  picture: ProofPicture,
) {
  return underLoadWith(settings, options, picture, async (events) => {
    const outcomes: Deployed[] = [];
    for (const run of runs) {
      const outcome = await runDeploy(settings, run.env, run.action, { events });
      outcomes.push(outcome);
      if (outcome.exitCode !== 0) break;
    }
    return outcomes;
  });
}

export async function versionProblems(hosts: readonly DemoHost[], version: string): Promise<string[]> {
  return (await Promise.all(hosts.map(viewHost))).flatMap((v) => servesVersion(v, version));
}

export function loadProblems(load: LoadReport): string[] {
  return load.failed === 0
    ? []
    : [
        `${load.failed} request(s) failed through the load balancer (${load.errors} errors, ${load.non2xx} non-2xx)`,
      ];
}

export function scenarioResult(
  name: string,
  r: UnderLoad<unknown>,
  problems: readonly string[],
  notes: readonly string[] = [],
): ScenarioResult {
  return {
    name,
    passed: problems.length === 0,
    problems,
    notes,
    load: r.load,
    durationMs: r.deployMs,
    hostTimes: r.hostTimes,
    timeline: r.timeline,
  };
}
