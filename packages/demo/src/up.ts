import { formatDuration, ShipyardError, Steps } from '@shipyard/cli-kit';
import { ENVIRONMENTS, type Environment } from '@shipyard/contracts';
import { runDeploy } from './deploy-run.js';
import { ensureHaproxy } from './haproxy.js';
import { runningImageId, servesVersion, viewHost } from './hosts.js';
import { imageId, pushAs } from './images.js';
import { type DemoHost, writeInventory } from './inventory.js';
import { waitFor } from './process.js';
import { ensureRegistry } from './registry.js';
import { type DemoSettings, imageRef, lbUrl } from './settings.js';

export interface UpOptions {
  /** The image `make image` built, e.g. shipyard/service:dev. */
  readonly sourceImage: string;
  /** Tag to push it under (the computed version). */
  readonly tag: string;
}

export interface UpResult {
  readonly image: string;
  readonly hosts: DemoHost[];
  readonly deployMs: Partial<Record<string, number>>;
}

/**
 * `make demo` after the image is built: registry, push, inventory, load balancers, then the real
 * deploy to both environments, and a check that every host serves the version.
 */
export async function up(
  settings: DemoSettings,
  options: UpOptions,
  steps: Steps = new Steps(process.stdout),
): Promise<UpResult> {
  const started = Date.now();
  await steps.run('Start the local registry (stands in for ECR)', async () =>
    steps.line(`    ${await ensureRegistry(settings)}`),
  );
  const image = imageRef(settings, options.tag);
  await steps.run(`Push ${image}`, () => pushAs(settings, options.sourceImage, options.tag));
  const hosts = await steps.run('Write the local inventory (.demo/inventory.yml)', () =>
    writeInventory(settings),
  );
  await steps.run('Start one HAProxy per environment (stands in for the ALB)', async () => {
    for (const env of ENVIRONMENTS) steps.line(`    ${env}: ${await ensureHaproxy(settings, env, hosts)}`);
  });
  const wantId = (await imageId(settings, image)).replace(/^sha256:/, '');
  const deployMs: Record<string, number> = {};
  const pending: Environment[] = [];
  for (const env of ENVIRONMENTS) {
    const envHosts = hosts.filter((h) => h.env === env);
    const current = await Promise.all(envHosts.map((h) => runningImageId(settings, h)));
    if (current.every((id) => id === wantId) && (await allServe(envHosts, options.tag))) {
      steps.line(`\n==> ${env}: every host already runs ${image}; nothing to deploy`);
    } else {
      pending.push(env);
    }
  }
  if (pending.length > 0) {
    // Both environments get the same image here, so they roll out side by side (each still
    // one host at a time); the pipeline's staging-then-production order is `make e2e`'s job.
    const outcomes = await steps.run(
      `Deploy ${image} to ${pending.join(' and ')} (deploy rollout, rolling)`,
      () =>
        Promise.all(
          pending.map((env) =>
            runDeploy(settings, env, { kind: 'rollout', image }, { prefix: pending.length > 1 }),
          ),
        ),
    );
    outcomes.forEach((outcome, i) => {
      const env = pending[i] as Environment;
      deployMs[env] = outcome.durationMs;
      steps.line(`    ${env}: deploy rollout took ${formatDuration(outcome.durationMs)}`);
    });
    const failed = outcomes.map((o, i) => [o, pending[i]] as const).filter(([o]) => o.exitCode !== 0);
    if (failed.length > 0) {
      throw new ShipyardError(
        `deploy rollout failed for ${failed.map(([o, env]) => `${env} (exit ${o.exitCode})`).join(', ')}`,
        'Its output is above.',
      );
    }
  }
  await steps.run(`Check every host serves ${options.tag} on / and /health`, () =>
    waitFor(`all four hosts to serve ${options.tag}`, () => allServe(hosts, options.tag), 30_000).catch(
      async () => {
        const problems = (await Promise.all(hosts.map(viewHost))).flatMap((v) =>
          servesVersion(v, options.tag),
        );
        throw new ShipyardError(`not every host serves ${options.tag}: ${problems.join('; ')}`);
      },
    ),
  );
  steps.line('');
  for (const env of ENVIRONMENTS) steps.line(`  ${env.padEnd(10)} ${lbUrl(settings, env)}`);
  steps.line(`\nDemo up with ${image} in ${formatDuration(Date.now() - started)}. Tear down: make demo-down`);
  return { image, hosts, deployMs };
}

async function allServe(hosts: readonly DemoHost[], version: string): Promise<boolean> {
  const views = await Promise.all(hosts.map(viewHost));
  return views.every((v) => servesVersion(v, version).length === 0);
}
