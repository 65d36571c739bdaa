import { ShipyardError, Steps, stripAnsi } from '@shipyard/cli-kit';
import { ENVIRONMENTS } from '@shipyard/contracts';
import type { DeployAction } from './deploy-run.js';
import { faultProofs } from './faults.js';
import { runningImage } from './hosts.js';
import { buildVariant } from './images.js';
import { type DemoHost, listHosts } from './inventory.js';
import {
  type Deployed,
  type E2eOptions,
  loadProblems,
  scenarioResult,
  underLoad,
  versionProblems,
} from './proof.js';
import type { ScenarioResult } from './report.js';
import type { DemoSettings } from './settings.js';

export type { E2eOptions } from './proof.js';

const tagOf = (ref: string) => ref.slice(ref.lastIndexOf(':') + 1);

/** The seven proofs of `make e2e`, against a demo that `make demo` brought up. */
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
  const releaseEverywhere = (image: string) =>
    ENVIRONMENTS.map((env) => ({ env, action: { kind: 'rollout', image } as DeployAction }));

  results.push(
    await steps.run(`Proof 1: rolling release of B over A under load`, async () => {
      const r = await underLoad(settings, options, releaseEverywhere(b), {
        name: 'rolling-release',
        title: 'Proof 1: rolling release of B over A, staging then production',
      });
      const problems = [
        ...r.result.filter((o) => o.exitCode !== 0).map((o) => `deploy rollout exited ${o.exitCode}`),
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
      const outcome = r.result[0] as Deployed;
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
        ...r.result.filter((o) => o.exitCode !== 0).map((o) => `deploy rollback exited ${o.exitCode}`),
        ...loadProblems(r.load),
        ...(await versionProblems(hosts, tagA)),
      ];
      return scenarioResult('3 rollback', r, problems);
    }),
  );

  results.push(...(await faultProofs(settings, options, { hosts, a, b, tagA, tagB }, steps)));
  return results;
}
