import type { Command } from 'commander';
import { execa } from 'execa';
import { DeployError } from '../errors.js';
import { readBuildFacts } from '../pipeline/facts.js';
import { pushSteps, tagState } from '../pipeline/registry.js';

interface TagsOptions {
  branch?: string;
  tag?: string;
  image: string;
  repository?: string;
  cli: string;
  push?: boolean;
}

const PLACEHOLDER_REPOSITORY = '$ECR_REPOSITORY_URL';

/**
 * Tags the built image and pushes it. A dry run (the default) prints what it would push; `--push`
 * does it, refusing to overwrite a release version that is already in the registry.
 */
export function tagsCommand(program: Command): void {
  program
    .command('tags')
    .description('tag the built image (SHA, environment, X.Y.Z, X.Y, X) and push it; dry run unless --push')
    .option('--branch <name>', 'branch being built (default: the checked-out branch)')
    .option('--tag <name>', 'tag being built, for tag builds')
    .requiredOption('--image <ref>', 'the locally built image, e.g. shipyard/service:<sha>')
    .option('--repository <url>', 'registry repository, e.g. the ECR repository URL')
    .option('--cli <name>', 'container CLI (docker or podman)', 'docker')
    .option('--push', 'push for real (default: print what would be pushed)')
    .action(async (opts: TagsOptions) => {
      const facts = await readBuildFacts({ branch: opts.branch, tag: opts.tag, cwd: process.cwd() });
      if (facts.tags.length === 0) {
        process.stdout.write(
          `skipped: ${facts.plan.kind} '${facts.plan.ref}' deploys nowhere, so no image is pushed\n`,
        );
        return;
      }
      const repository = opts.repository?.trim();
      if (opts.push && !repository) {
        throw new DeployError(
          'no registry repository to push to',
          'Set ECR_REPOSITORY_URL (the `ecrRepositoryUrl` output of `make outputs`) or pass REPOSITORY=<url>.',
        );
      }
      const steps = pushSteps(opts.cli, opts.image, repository || PLACEHOLDER_REPOSITORY, facts.tags);
      if (!opts.push) {
        process.stdout.write(`dry run: would push ${opts.image} as:\n`);
        for (const step of steps) {
          if (step.kind === 'push') process.stdout.write(`  ${step.ref}\n`);
          if (step.kind === 'check')
            process.stdout.write(`  (after checking that ${step.ref} does not exist yet)\n`);
        }
        process.stdout.write('set PUSH=1 to push\n');
        return;
      }
      for (const step of steps) {
        const started = performance.now();
        if (step.kind === 'check') {
          const result = await execa(step.argv[0] ?? opts.cli, step.argv.slice(1), { reject: false });
          const state = tagState(result.exitCode ?? 1, result.stderr);
          if (state === 'exists') {
            throw new DeployError(
              `refusing to overwrite ${step.ref}: release versions are immutable and this one is already in the registry`,
              'Cut a new version with `make release`; a published version never changes.',
            );
          }
          if (state === 'unknown') {
            throw new DeployError(
              `cannot tell whether ${step.ref} already exists: ${result.stderr.trim().split('\n').at(-1)}`,
              'Check the registry credentials (ECR: the credential helper or `aws ecr get-login-password`).',
            );
          }
          process.stdout.write(`  ${step.ref} is new\n`);
          continue;
        }
        process.stdout.write(`==> ${step.kind === 'tag' ? 'Tag' : 'Push'} ${step.ref}\n`);
        await execa(step.argv[0] ?? opts.cli, step.argv.slice(1), { stdio: 'inherit' });
        if (step.kind === 'push') {
          process.stdout.write(`    done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
        }
      }
    });
}
