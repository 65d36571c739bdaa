import { ShipyardError } from '@shipyard/cli-kit';
import type { BuildFacts } from './facts.js';
import { Git } from './git.js';
import { clearImageRecord, type ImageRecord, writeImageRecord } from './image-record.js';
import { type ImageTags, pushedTagNames } from './image-tags.js';
import { assertOnMainBranch, REMOTE } from './main-branch.js';
import { digestRef } from './registry.js';
import { RegistryCli } from './registry-cli.js';

/** Shown in a dry run that has no repository to name. */
export const PLACEHOLDER_REPOSITORY = '$ECR_REPOSITORY_URL';

/** How often a release build asks again for the image of its commit. */
const POLL_SECONDS = 15;

export interface PublishOptions {
  /** The locally built image, e.g. shipyard/service:<sha>. */
  readonly image: string;
  readonly repository: string | undefined;
  readonly cli: string;
  /** Push for real; otherwise print what would be pushed. */
  readonly push: boolean;
  /** Where the pushed digest is recorded for Deploy and Promote. */
  readonly record: string;
  /** How long a stable release waits for the main branch build to push `<sha>`. */
  readonly waitForImageSeconds: number;
  /** The git checkout being built. */
  readonly cwd: string;
  readonly log: (line: string) => void;
}

/** What a dry run of Tag & push prints. Pure. */
export function publishDryRun(facts: BuildFacts, tags: ImageTags, opts: PublishOptions): string[] {
  const repository = opts.repository?.trim() || PLACEHOLDER_REPOSITORY;
  const versionLines = tags.version
    ? [
        `  (after checking that ${repository}:${tags.version} does not exist yet)`,
        `  ${repository}:${tags.version}`,
      ]
    : [];
  const head = tags.buildsImage
    ? [`dry run: would push ${opts.image} as:`]
    : [
        `dry run: would check that ${facts.sha} is on the main branch (main or master on ${REMOTE})`,
        `dry run: would promote ${repository}:${facts.sha}, pushed by the main branch build of that commit (waiting up to ${opts.waitForImageSeconds} s for it), with nothing rebuilt, as:`,
      ];
  return [
    ...head,
    ...versionLines,
    ...(tags.buildsImage ? [`  ${repository}:${tags.commit}`] : []),
    `and record its digest in ${opts.record} for Deploy and Promote`,
    'set PUSH=1 to push',
  ];
}

/**
 * Tag & push. A branch or a pre-release pushes the image it built as `<sha>` (and its version);
 * a stable release pushes nothing new: it tags `X.Y.Z` on the image the main branch build pushed
 * as `<sha>`. A release version already in the registry is refused. No environment tag moves
 * here: Promote moves them after the deploy. The digest the registry holds is recorded for
 * Deploy and Promote.
 */
export async function publishImage(facts: BuildFacts, opts: PublishOptions): Promise<void> {
  const { log } = opts;
  const tags = facts.tags;
  if (!tags) {
    log(`skipped: ${facts.plan.kind} '${facts.plan.ref}' deploys nowhere, so no image is pushed`);
    return;
  }
  if (!opts.push) {
    for (const line of publishDryRun(facts, tags, opts)) log(line);
    return;
  }
  const repository = opts.repository?.trim();
  if (!repository) {
    throw new ShipyardError(
      'no registry repository to push to',
      'Set ECR_REPOSITORY_URL (the `ecrRepositoryUrl` output of `make outputs`) or pass REPOSITORY=<url>.',
    );
  }
  await clearImageRecord(opts.record);
  if (!tags.buildsImage) {
    log(`==> Check that ${facts.plan.ref} is on the main branch`);
    const branch = await assertOnMainBranch(new Git(opts.cwd), facts.plan.ref, facts.sha, log);
    log(`    ${facts.sha} is on ${branch}`);
  }
  const registry = await RegistryCli.open(opts.cli, log, repository);
  if (tags.version) await refuseExisting(registry, `${repository}:${tags.version}`, log);

  const source = tags.buildsImage ? opts.image : `${repository}:${tags.commit}`;
  if (!tags.buildsImage && !(await waitForImage(registry, source, facts.sha, opts))) {
    throw new ShipyardError(
      `no image for commit ${facts.sha} in the registry (${source}): build main first`,
      'A release promotes the image that the main branch build of its commit pushed, and rebuilds nothing: let that build finish, then rebuild the tag.',
    );
  }
  const pushed = pushedTagNames(tags);
  const digests = new Set<string>();
  for (const name of pushed) {
    const ref = `${repository}:${name}`;
    log(`==> Tag ${source} as ${ref}`);
    await registry.tag(source, ref);
    digests.add(await registry.push(ref));
  }
  const [digest, ...others] = [...digests];
  if (!digest || others.length > 0) {
    throw new ShipyardError(
      `the registry holds different manifests for ${pushed.join(' and ')} (${[...digests].join(', ')})`,
      'One build must be one digest; push again.',
    );
  }
  const record: ImageRecord = {
    ref: facts.plan.ref,
    sha: facts.sha,
    environment: tags.environment,
    repository,
    digest,
    image: digestRef(repository, digest),
    pushed,
  };
  await writeImageRecord(opts.record, record);
  log(`recorded ${record.image} in ${opts.record}: Deploy and Promote use this digest`);
}

async function refuseExisting(registry: RegistryCli, ref: string, log: (line: string) => void) {
  if ((await registry.state(ref)) === 'exists') {
    throw new ShipyardError(
      `refusing to overwrite ${ref}: release versions are immutable and this one is already in the registry`,
      'Cut a new version with `make release`; a published version never changes.',
    );
  }
  log(`  ${ref} is new`);
}

/**
 * A tag and its branch are usually pushed together (`git push --follow-tags`), so the tag's build
 * may get here while the main branch build of the same commit is still testing: it waits.
 */
async function waitForImage(
  registry: RegistryCli,
  source: string,
  sha: string,
  opts: PublishOptions,
): Promise<boolean> {
  const deadline = Date.now() + opts.waitForImageSeconds * 1000;
  opts.log(`==> Find ${source}`);
  for (;;) {
    if (await registry.pull(source)) return true;
    const left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) return false;
    const wait = Math.min(POLL_SECONDS, left);
    opts.log(
      `    not in the registry yet (the main branch build of ${sha} pushes it): asking again in ${wait} s, ${left} s left`,
    );
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}
