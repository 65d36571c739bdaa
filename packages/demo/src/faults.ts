import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatDuration, type Steps, stripAnsi } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';
import { execa } from 'execa';
import { secondCheckout } from './checkout.js';
import { deployArgs, runDeploy, startDeploy } from './deploy-run.js';
import { haproxyPaths, serverStatus } from './haproxy.js';
import { buildVariant, D_ERROR_SHARE, E_UNHEALTHY_ON } from './images.js';
import { type DemoHost, hostVar } from './inventory.js';
import { waitFor } from './process.js';
import { type E2eOptions, loadProblems, scenarioResult, underLoadWith, versionProblems } from './proof.js';
import type { ScenarioResult } from './report.js';
import type { DemoSettings } from './settings.js';

interface DeployEvent {
  t: number;
  host: string;
  phase: string;
  image: string;
}

export interface FaultContext {
  readonly hosts: readonly DemoHost[];
  /** The image `make demo` deployed, and its tag; every host runs it when the fault proofs start. */
  readonly a: string;
  readonly tagA: string;
  /** Release B (same app, new image), and its tag. */
  readonly b: string;
  readonly tagB: string;
}

async function readEvents(file: string): Promise<DeployEvent[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DeployEvent);
}

/** The time the last host came back in service after the first rollback event. */
export function rollbackCompletedAt(events: readonly DeployEvent[]): number | undefined {
  const first = events.findIndex((e) => e.phase === 'rollback');
  if (first < 0) return undefined;
  return events
    .slice(first)
    .filter((e) => e.phase === 'in')
    .at(-1)?.t;
}

/** Hosts of `env` that HAProxy does not count UP. */
async function outOfService(settings: DemoSettings, env: Environment): Promise<string[]> {
  const status = await serverStatus(haproxyPaths(settings, env).socket, env);
  return [...status]
    .filter(([, state]) => !state.startsWith('UP'))
    .map(([host, state]) => `${host} ${state}`);
}

/** `deploy lock status --json` for one environment. */
async function lockHeld(settings: DemoSettings, env: Environment): Promise<boolean> {
  const [cli = '', ...rest] = deployArgs(settings, env, { kind: 'rollback' });
  const args = [cli, 'lock', 'status', ...rest.slice(1), '--json'];
  const r = await execa(process.execPath, args, { env: { SHIPYARD_DEMO_DIR: settings.dir }, reject: false });
  if (r.exitCode !== 0) throw new Error(`deploy lock status failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { held: boolean }).held;
}

/** Proofs 4-7 of `make e2e`: what goes wrong in real deploys, under the same load. */
export async function faultProofs(
  settings: DemoSettings,
  options: E2eOptions,
  context: FaultContext,
  steps: Steps,
): Promise<ScenarioResult[]> {
  const { hosts, a, tagA, b, tagB } = context;
  const staging = hosts.filter((h) => h.env === 'staging');
  const production = hosts.filter((h) => h.env === 'production');
  const first = staging[0] as DemoHost;
  const second = staging[1] as DemoHost;
  const tagD = `${tagA}-e2e-d`;
  const tagE = `${tagA}-e2e-e`;
  const d = await steps.run(
    `Build release D (${tagD}): /health 200, but 500 on ${D_ERROR_SHARE} of GET /`,
    () => buildVariant(settings, 'd', b, tagD),
  );
  const e = await steps.run(`Build release E (${tagE}): never healthy on ${E_UNHEALTHY_ON}`, () =>
    buildVariant(settings, 'e', b, tagE),
  );
  const results: ScenarioResult[] = [];

  results.push(
    await steps.run('Proof 4: bad release D is caught by the bake and staging goes back to A', async () => {
      let events = '';
      const picture = { name: 'bake-catches-d', title: 'Proof 4: bad release D is caught by the bake' };
      const r = await underLoadWith(settings, options, picture, (file) => {
        events = file;
        return runDeploy(settings, 'staging', { kind: 'rollout', image: d }, { events: file });
      });
      const output = stripAnsi(r.result.output);
      const all = await readEvents(events);
      const doneAt = rollbackCompletedAt(all);
      const bakeSeconds = Number((await hostVar(settings, first, 'app_bake_seconds')) ?? 0);
      const perHost = (options.rate ?? 50) / staging.length;
      // Only the host baking D serves it, and only until it leaves: the bake window, plus the
      // load balancer's time to add the host and take it out again (2 s at the demo's check rate).
      const bound = Math.ceil(perHost * D_ERROR_SHARE * (bakeSeconds + 2));
      const problems = [...(await versionProblems(hosts, tagA))];
      if (r.result.exitCode === 0) problems.push('deploy rollout of D exited 0; the bake must stop it');
      if (!output.includes(`bake tripped: 5xx ratio of ${first.name}`))
        problems.push(`the failure message does not name the 5xx ratio of ${first.name}`);
      if (r.load.failed === 0) problems.push("no request failed: D's 500s never reached the load");
      if (r.load.failed > bound)
        problems.push(`${r.load.failed} requests failed, more than the bake window allows (${bound})`);
      if (doneAt === undefined) problems.push('the events show no completed rollback');
      else if ((r.load.lastFailureAt ?? 0) > doneAt)
        problems.push(
          `a request failed ${formatDuration((r.load.lastFailureAt ?? 0) - doneAt)} after the rollback`,
        );
      const message = output.split('\n').find((l) => l.startsWith('error: '));
      if (message) steps.line(`    the deploy said: ${message.trim()}`);
      const notes = [
        `${r.load.failed} failed requests, bounded by the bake window: at most ${bound} ` +
          `(${perHost} req/s to ${first.name} × ${D_ERROR_SHARE} × (${bakeSeconds} s bake + 2 s in and out of HAProxy))`,
      ];
      if (r.load.firstFailureAt !== undefined && doneAt !== undefined) {
        notes.push(
          `first bad response to rollback complete: ${formatDuration(doneAt - r.load.firstFailureAt)}; ` +
            `last failure ${formatDuration(Math.max(0, doneAt - (r.load.lastFailureAt ?? doneAt)))} before it; none after`,
        );
      }
      return scenarioResult('4 bake catches D', r, problems, notes);
    }),
  );

  results.push(
    await steps.run(
      `Proof 5: release E fails on ${second.name} only; ${first.name} goes back too`,
      async () => {
        let events = '';
        const picture = {
          name: 'fleet-rollback',
          title: `Proof 5: release E fails on ${second.name}; the fleet goes back`,
        };
        const r = await underLoadWith(settings, options, picture, (file) => {
          events = file;
          return runDeploy(settings, 'staging', { kind: 'rollout', image: e }, { events: file });
        });
        const output = stripAnsi(r.result.output);
        const problems = [...loadProblems(r.load), ...(await versionProblems(hosts, tagA))];
        if (r.result.exitCode === 0) problems.push('deploy rollout of E exited 0; it must fail');
        if (!output.includes(`failed on ${second.name}`))
          problems.push(`the failure message does not name ${second.name}`);
        if (!output.includes(`went back to ${a}: ${first.name}`))
          problems.push(`the message does not say ${first.name} went back to A`);
        const rolledBack = (await readEvents(events)).some(
          (ev) => ev.host === first.name && ev.phase === 'rollback',
        );
        if (!rolledBack) problems.push(`the events show no rollback of ${first.name}`);
        return scenarioResult('5 fleet rollback', r, problems);
      },
    ),
  );

  results.push(
    await steps.run(`Proof 6: SIGTERM while ${first.name} is out of the load balancer`, async () => {
      const picture = {
        name: 'interrupted',
        title: `Proof 6: SIGTERM while ${first.name} is out of the load balancer`,
      };
      const r = await underLoadWith(settings, options, picture, async (events) => {
        const run = startDeploy(settings, 'staging', { kind: 'rollout', image: b }, { events });
        await waitFor(
          `${first.name} to leave the load balancer`,
          async () =>
            (await serverStatus(haproxyPaths(settings, 'staging').socket, 'staging')).get(first.name) ===
            'MAINT',
          180_000,
        );
        // To the deploy CLI alone, as `kill` sends it; ansible-playbook runs in its own group.
        process.kill(run.pid, 'SIGTERM');
        const interrupted = await run.done;
        const out = await outOfService(settings, 'staging');
        const locked = await lockHeld(settings, 'staging');
        const again = await runDeploy(settings, 'staging', { kind: 'rollout', image: b }, { events });
        return { interrupted, out, locked, again };
      });
      const { interrupted, out, locked, again } = r.result;
      const problems = [
        ...loadProblems(r.load),
        ...(await versionProblems(staging, tagB)),
        ...(await versionProblems(production, tagA)),
      ];
      if (interrupted.exitCode !== 143)
        problems.push(`the interrupted deploy exited ${interrupted.exitCode}, not 143`);
      if (!stripAnsi(interrupted.output).includes('interrupted by SIGTERM'))
        problems.push('the interrupted deploy does not say it was interrupted');
      if (out.length > 0) problems.push(`out of service after the interrupt: ${out.join(', ')}`);
      if (locked) problems.push('the lock is still held after the interrupted deploy');
      if (again.exitCode !== 0) problems.push(`the second deploy rollout exited ${again.exitCode}`);
      const message = stripAnsi(interrupted.output)
        .split('\n')
        .find((l) => l.startsWith('error: '));
      if (message) steps.line(`    the deploy said: ${message.trim()}`);
      return scenarioResult('6 interrupted', r, problems);
    }),
  );

  results.push(
    await steps.run(
      'Proof 7: a second deployer from another checkout is refused while a roll-out runs',
      async () => {
        const otherCli = await steps.run('Make a second checkout of the deploy CLI', () =>
          secondCheckout(settings),
        );
        const holderFile = path.join(settings.dir, 'state', first.name, 'deploy.lock', 'holder.json');
        const picture = {
          name: 'two-deployers',
          title: 'Proof 7: a second deployer is refused while a roll-out runs',
        };
        const r = await underLoadWith(settings, options, picture, async (events) => {
          const run = startDeploy(settings, 'staging', { kind: 'rollout', image: a }, { events });
          await waitFor('the first deploy to take the lock', async () => existsSync(holderFile), 120_000);
          const refused = await runDeploy(
            settings,
            'staging',
            { kind: 'rollout', image: a },
            { cli: otherCli },
          );
          return { pid: run.pid, refused, done: await run.done };
        });
        const { pid, refused, done } = r.result;
        const problems = [...loadProblems(r.load), ...(await versionProblems(hosts, tagA))];
        const line = stripAnsi(refused.output).trim().split('\n');
        const holder = new RegExp(
          `^error: staging is locked by \\S+@\\S+ \\(rollout of ${a.replaceAll('.', '\\.')}, pid ${pid}, `,
        );
        if (refused.exitCode !== 1) problems.push(`the second deployer exited ${refused.exitCode}, not 1`);
        if (line.length !== 1 || !holder.test(line[0] ?? ''))
          problems.push(
            `the second deployer was not refused with one line naming the holder: ${line.join(' | ')}`,
          );
        if (done.exitCode !== 0) problems.push(`the first deploy exited ${done.exitCode}`);
        if (line[0]) steps.line(`    the second deployer got: ${line[0]}`);
        return scenarioResult('7 two deployers', r, problems);
      },
    ),
  );
  return results;
}
