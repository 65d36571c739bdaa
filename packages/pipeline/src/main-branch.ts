import { ShipyardError } from '@shipyard/cli-kit';
import { isReleaseTag } from '@shipyard/contracts';
import semver from 'semver';
import type { Git } from './git.js';
import { MAIN_BRANCHES } from './ref.js';

/** The remote a clone (and Jenkins' checkout) calls the repository. */
export const REMOTE = 'origin';

const trackingRef = (branch: string) => `refs/remotes/${REMOTE}/${branch}`;
const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const isStableTag = (tag: string) => isReleaseTag(tag) && semver.prerelease(tag.slice(1)) === null;

async function isAncestor(git: Git, sha: string, ref: string): Promise<boolean> {
  const result = await git.attempt(['merge-base', '--is-ancestor', sha, ref]);
  if (result.exitCode === 0) return true;
  if (result.exitCode === 1) return false;
  throw new ShipyardError(
    `git merge-base --is-ancestor ${sha} ${ref} failed: ${lastLine(result.stderr)}`,
    'Run this in a full clone (not a shallow one).',
  );
}

/**
 * The rule for stable releases: the tagged commit must be on the main branch, `main` or `master`,
 * whichever the remote has. The clone's copy of the branch answers first. When it is missing (a
 * tag build may fetch only the tag) or does not hold the commit (it may be older than the tag),
 * the branch is fetched from the remote and asked again. Returns the branch holding the commit.
 */
export async function assertOnMainBranch(
  git: Git,
  tag: string,
  sha: string,
  log: (line: string) => void,
): Promise<string> {
  for (const branch of MAIN_BRANCHES) {
    const present = await git.attempt(['rev-parse', '--verify', '--quiet', trackingRef(branch)]);
    if (present.exitCode === 0 && (await isAncestor(git, sha, trackingRef(branch)))) return branch;
  }
  const listed = await git.attempt([
    'ls-remote',
    '--heads',
    REMOTE,
    ...MAIN_BRANCHES.map((b) => `refs/heads/${b}`),
  ]);
  if (listed.exitCode !== 0) {
    throw new ShipyardError(
      `cannot check that ${tag} (commit ${sha}) is on the main branch: git ls-remote ${REMOTE} failed: ${lastLine(listed.stderr)}`,
      `The release needs ${REMOTE}'s main branch: fetch it into the clone, or let this step reach ${REMOTE} (docs/pipeline.md, "The main-branch rule").`,
    );
  }
  const heads = new Set(lines(listed.stdout).map((l) => l.split('\t')[1]));
  const onRemote = MAIN_BRANCHES.filter((b) => heads.has(`refs/heads/${b}`));
  if (onRemote.length === 0) {
    throw new ShipyardError(
      `cannot check that ${tag} (commit ${sha}) is on the main branch: ${REMOTE} has neither main nor master`,
      'Releases are cut from the main branch: push it first.',
    );
  }
  log(`fetching ${onRemote.join(' and ')} from ${REMOTE}: the clone does not show ${sha} on it`);
  const fetched = await git.attempt([
    'fetch',
    '--quiet',
    '--no-tags',
    REMOTE,
    ...onRemote.map((b) => `+refs/heads/${b}:${trackingRef(b)}`),
  ]);
  if (fetched.exitCode !== 0) {
    throw new ShipyardError(
      `cannot check that ${tag} (commit ${sha}) is on the main branch: git fetch ${REMOTE} failed: ${lastLine(fetched.stderr)}`,
      `Let this step reach ${REMOTE} (docs/pipeline.md, "The main-branch rule").`,
    );
  }
  for (const branch of onRemote) {
    if (await isAncestor(git, sha, trackingRef(branch))) return branch;
  }
  throw new ShipyardError(
    `refusing to release ${tag}: its commit ${sha} is not on ${onRemote.join(' or ')} (${REMOTE})`,
    'A release ships what the main branch holds: merge into main, then tag a commit of main (`make release` there).',
  );
}

/**
 * The stable release tags on a commit. A build of main whose commit is released leaves the
 * production deploy to the tag's build, so a release deploys production once. The remote is asked
 * too: the tag may have been pushed after this build checked out. When it cannot be asked, the
 * clone's tags answer alone and the log says so.
 */
export async function stableTagsOn(git: Git, sha: string, log: (line: string) => void): Promise<string[]> {
  const tags = new Set(lines((await git.run(['tag', '--points-at', sha, '--list', 'v*'])).trim()));
  const hasRemote = (await git.attempt(['remote', 'get-url', REMOTE])).exitCode === 0;
  const listed = hasRemote ? await git.attempt(['ls-remote', '--tags', REMOTE, 'v*']) : undefined;
  if (listed?.exitCode === 0) {
    for (const line of lines(listed.stdout)) {
      // An annotated tag is listed twice: its tag object, and `<tag>^{}` with the commit it tags.
      const [oid, name = ''] = line.split('\t');
      if (oid === sha) tags.add(name.replace(/^refs\/tags\//, '').replace(/\^\{\}$/, ''));
    }
  } else {
    log(
      `could not ask ${REMOTE} for release tags on ${sha} (${listed ? lastLine(listed.stderr) : `no remote ${REMOTE}`}); going by the clone's tags`,
    );
  }
  return [...tags].filter(isStableTag).sort((a, b) => semver.compare(a.slice(1), b.slice(1)));
}
