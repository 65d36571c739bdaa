import path from 'node:path';
import { ShipyardError, Steps, stripAnsi } from '@shipyard/cli-kit';
import { ENVIRONMENTS, type Environment } from '@shipyard/contracts';
import { mergeTraffic } from '@shipyard/timeline';
import { type DeployAction, runDeploy } from './deploy-run.js';
import { runningImage, servesVersion, viewHost } from './hosts.js';
import { buildVariant } from './images.js';
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

const tagOf = (ref: string) => ref.slice(ref.lastIndexOf(':') + 1);

/** Adds up the loads on both load balancers into one line of the report. */
export function combineLoads(loads: readonly LoadReport[]): LoadReport {
  const versions: Record<string, number> = {};
  for (const l of loads)
    for (const [v, n] of Object.entries(l.versions)) versions[v] = (versions[v] ?? 0) + n;
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
  };
}

interface Deployed {
  readonly exitCode: number;
  readonly output: string;
}

/**
 * Runs deploy commands env after env while every load balancer takes a fixed-rate load for at
 * least `minLoadMs`, and HAProxy's view of each server is watched for per-host timings. The
 * proof's timeline (`timeline.name`.svg) is drawn from the load's counts and the deploys' events.
 */
async function underLoad(
  settings: DemoSettings,
  options: E2eOptions,
  runs: readonly { env: Environment; action: DeployAction }[],
  timeline: { readonly name: string; readonly title: string },
) {
  const files = proofFiles(
    options.timelines ?? path.join(settings.root, 'reports', 'timelines'),
    timeline.name,
  );
  const record = await startProofEvents(files);
  const loads = ENVIRONMENTS.map((env) =>
    startLoad({
      url: `${lbUrl(settings, env)}/`,
      rate: options.rate ?? 50,
      minDurationMs: options.minLoadMs ?? 20_000,
    }),
  );
  const watch = watchServers(settings, ENVIRONMENTS);
  const started = Date.now();
  const outcomes: Deployed[] = [];
  for (const run of runs) {
    const outcome = await runDeploy(settings, run.env, run.action, false, record);
    outcomes.push(outcome);
    if (outcome.exitCode !== 0) break;
  }
  const deployMs = Date.now() - started;
  const load = combineLoads(await Promise.all(loads.map((l) => l.stop())));
  const hostTimes = (await watch.stop()).map((w) => ({ host: w.host, ms: w.ms }));
  const hosts = (await listHosts(settings)).map((h) => h.name);
  const svg = await writeProofTimeline({ files, title: timeline.title, load, hosts });
  return { outcomes, load, hostTimes, deployMs, timeline: path.relative(settings.root, svg) };
}

async function versionProblems(hosts: readonly DemoHost[], version: string): Promise<string[]> {
  return (await Promise.all(hosts.map(viewHost))).flatMap((v) => servesVersion(v, version));
}

function loadProblems(load: LoadReport): string[] {
  return load.failed === 0
    ? []
    : [
        `${load.failed} request(s) failed through the load balancer (${load.errors} errors, ${load.non2xx} non-2xx)`,
      ];
}

/** The three proofs of `make e2e`, against a demo that `make demo` brought up. */
export async function e2e(
  settings: DemoSettings,
  options: E2eOptions = {},
  steps: Steps = new Steps(process.stdout),
): Promise<ScenarioResult[]> {
  const hosts = await listHosts(settings);
  const running = await Promise.all(hosts.map((h) => runningImage(settings, h)));
  const a = running[0];
  if (a === undefined || running.some((r) => r !== a)) {
    throw new ShipyardError(
      `the demo is not up on one image (${hosts.map((h, i) => `${h.name}: ${running[i] ?? 'no container'}`).join(', ')})`,
      'Run `make demo` first.',
    );
  }
  const tagA = tagOf(a);
  const tagB = `${tagA}-e2e-b`;
  const tagC = `${tagA}-e2e-c`;
  const b = await steps.run(`Build release B (${tagB}) from A`, () => buildVariant(settings, 'b', a, tagB));
  const c = await steps.run(`Build release C (${tagC}), which never gets healthy`, () =>
    buildVariant(settings, 'c', b, tagC),
  );
  const results: ScenarioResult[] = [];
  const scenarioResult = (
    name: string,
    r: Awaited<ReturnType<typeof underLoad>>,
    problems: string[],
  ): ScenarioResult => ({
    name,
    passed: problems.length === 0,
    problems,
    load: r.load,
    durationMs: r.deployMs,
    hostTimes: r.hostTimes,
    timeline: r.timeline,
  });
  const releaseEverywhere = (image: string) =>
    ENVIRONMENTS.map((env) => ({ env, action: { kind: 'rollout', image } as DeployAction }));

  results.push(
    await steps.run(`Proof 1: rolling release of B over A under load`, async () => {
      const r = await underLoad(settings, options, releaseEverywhere(b), {
        name: 'rolling-release',
        title: 'Proof 1: rolling release of B over A, staging then production',
      });
      const problems = [
        ...r.outcomes.filter((o) => o.exitCode !== 0).map((o) => `deploy rollout exited ${o.exitCode}`),
        ...loadProblems(r.load),
        ...(await versionProblems(hosts, tagB)),
      ];
      return scenarioResult('1 rolling release', r, problems);
    }),
  );

  results.push(
    await steps.run(`Proof 2: broken release C stops on the first host, which goes back to B`, async () => {
      const r = await underLoad(
        settings,
        options,
        [{ env: 'staging', action: { kind: 'rollout', image: c } }],
        {
          name: 'broken-release',
          title: 'Proof 2: broken release C stops on the first host, which goes back to B',
        },
      );
      const outcome = r.outcomes[0] as Deployed;
      const output = stripAnsi(outcome.output);
      const first = hosts.find((h) => h.env === 'staging') as DemoHost;
      const problems: string[] = [...loadProblems(r.load), ...(await versionProblems(hosts, tagB))];
      if (outcome.exitCode === 0) problems.push('deploy rollout of C exited 0; it must fail');
      if (!output.includes(`failed on ${first.name}`))
        problems.push(`the failure message does not name ${first.name}`);
      if (!output.includes(`back on ${b}`))
        problems.push(`the failure message does not say ${first.name} is back on B`);
      const touched = new Set(r.hostTimes.map((t) => t.host));
      for (const h of hosts) {
        if (h !== first && touched.has(h.name))
          problems.push(
            `${h.name} left the load balancer; the roll-out should have stopped at ${first.name}`,
          );
      }
      const message = output.split('\n').find((l) => l.includes(`failed on ${first.name}`));
      if (message) steps.line(`    the deploy said: ${message.trim()}`);
      return scenarioResult('2 broken release', r, problems);
    }),
  );

  results.push(
    await steps.run('Proof 3: deploy rollback returns every host to A under load', async () => {
      const r = await underLoad(
        settings,
        options,
        ENVIRONMENTS.map((env) => ({ env, action: { kind: 'rollback' } as DeployAction })),
        { name: 'rollback', title: 'Proof 3: deploy rollback returns every host to A' },
      );
      const problems = [
        ...r.outcomes.filter((o) => o.exitCode !== 0).map((o) => `deploy rollback exited ${o.exitCode}`),
        ...loadProblems(r.load),
        ...(await versionProblems(hosts, tagA)),
      ];
      return scenarioResult('3 rollback', r, problems);
    }),
  );
  return results;
}
