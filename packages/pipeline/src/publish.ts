import { ShipyardError } from '@shipyard/cli-kit';
import { execa } from 'execa';
import type { BuildFacts } from './facts.js';
import { pushSteps, tagState } from './registry.js';

/** Shown in a dry run that has no repository to name. */
export const PLACEHOLDER_REPOSITORY = '$ECR_REPOSITORY_URL';

export interface PublishOptions {
  /** The locally built image, e.g. shipyard/service:<sha>. */
  readonly image: string;
  readonly repository: string | undefined;
  readonly cli: string;
  /** Push for real; otherwise print what would be pushed. */
  readonly push: boolean;
  readonly log: (line: string) => void;
}

/**
 * Tags the built image and pushes it. A dry run prints what it would push; a real one refuses
 * to overwrite a release version that is already in the registry.
 */
export async function publishImage(facts: BuildFacts, opts: PublishOptions): Promise<void> {
  const { log } = opts;
  if (facts.tags.length === 0) {
    log(`skipped: ${facts.plan.kind} '${facts.plan.ref}' deploys nowhere, so no image is pushed`);
    return;
  }
  const repository = opts.repository?.trim();
  if (opts.push && !repository) {
    throw new ShipyardError(
      'no registry repository to push to',
      'Set ECR_REPOSITORY_URL (the `ecrRepositoryUrl` output of `make outputs`) or pass REPOSITORY=<url>.',
    );
  }
  const steps = pushSteps(opts.cli, opts.image, repository || PLACEHOLDER_REPOSITORY, facts.tags);
  if (!opts.push) {
    log(`dry run: would push ${opts.image} as:`);
    for (const step of steps) {
      if (step.kind === 'push') log(`  ${step.ref}`);
      if (step.kind === 'check') log(`  (after checking that ${step.ref} does not exist yet)`);
    }
    log('set PUSH=1 to push');
    return;
  }
  for (const step of steps) {
    const started = performance.now();
    if (step.kind === 'check') {
      const result = await execa(step.argv[0] ?? opts.cli, step.argv.slice(1), { reject: false });
      const state = tagState(result.exitCode ?? 1, result.stderr);
      if (state === 'exists') {
        throw new ShipyardError(
          `refusing to overwrite ${step.ref}: release versions are immutable and this one is already in the registry`,
          'Cut a new version with `make release`; a published version never changes.',
        );
      }
      if (state === 'unknown') {
        throw new ShipyardError(
          `cannot tell whether ${step.ref} already exists: ${result.stderr.trim().split('\n').at(-1)}`,
          'Check the registry credentials (ECR: the credential helper or `aws ecr get-login-password`).',
        );
      }
      log(`  ${step.ref} is new`);
      continue;
    }
    log(`==> ${step.kind === 'tag' ? 'Tag' : 'Push'} ${step.ref}`);
    await execa(step.argv[0] ?? opts.cli, step.argv.slice(1), { stdio: 'inherit' });
    if (step.kind === 'push') log(`    done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
