import { ShipyardError } from '@shipyard/cli-kit';
import { type Environment, isReleaseTag } from '@shipyard/contracts';
import semver from 'semver';

/** What the pipeline does for one branch or tag. */
export interface RefPlan {
  /** The branch or tag name as Jenkins reports it. */
  readonly ref: string;
  readonly kind: 'branch' | 'tag';
  /** Where this ref deploys; undefined means it is only tested. */
  readonly environment: Environment | undefined;
  /** Set for release tags: the semantic version the tag names. */
  readonly release: semver.SemVer | undefined;
}

const STAGING_BRANCHES = new Set(['develop']);
/** The main branch, by either name; a stable release must be on whichever the remote has. */
export const MAIN_BRANCHES = ['main', 'master'] as const;
const PRODUCTION_BRANCHES = new Set<string>(MAIN_BRANCHES);

/**
 * Maps a branch or tag to its plan. `develop` goes to staging, `master`/`main` to production,
 * a release tag `vX.Y.Z` to production and a pre-release tag `vX.Y.Z-rc.N` to staging (so a
 * candidate is exercised where nobody's customers are). Everything else — feature branches,
 * release branches, pull requests — is tested only.
 */
export function planRef(input: { branch?: string | undefined; tag?: string | undefined }): RefPlan {
  const tag = input.tag?.trim();
  if (tag) {
    const release = parseReleaseTag(tag);
    return {
      ref: tag,
      kind: 'tag',
      environment: release.prerelease.length > 0 ? 'staging' : 'production',
      release,
    };
  }
  const branch = input.branch?.trim();
  if (!branch) {
    throw new ShipyardError(
      'no branch or tag given',
      'Pass BRANCH=<name> (and TAG=vX.Y.Z for a release tag); Jenkins sets BRANCH_NAME and TAG_NAME.',
    );
  }
  let environment: Environment | undefined;
  if (STAGING_BRANCHES.has(branch)) environment = 'staging';
  else if (PRODUCTION_BRANCHES.has(branch)) environment = 'production';
  return { ref: branch, kind: 'branch', environment, release: undefined };
}

/** A stable release tag `vX.Y.Z`: it ships to production the image its commit's main build pushed. */
export function isStableRelease(plan: RefPlan): boolean {
  return plan.kind === 'tag' && plan.release !== undefined && plan.release.prerelease.length === 0;
}

/** A build of the main branch itself (not a tag on it). */
export function isMainBranchBuild(plan: RefPlan): boolean {
  return plan.kind === 'branch' && PRODUCTION_BRANCHES.has(plan.ref);
}

/** Parses `vX.Y.Z` or `vX.Y.Z-<pre-release>` with the semver library; anything else is an error. */
export function parseReleaseTag(tag: string): semver.SemVer {
  const version = isReleaseTag(tag) ? semver.parse(tag.slice(1)) : null;
  if (!version) {
    throw new ShipyardError(
      `tag '${tag}' is not a release tag: expected vX.Y.Z or vX.Y.Z-<pre-release> (e.g. v1.2.3, v1.2.3-rc.1)`,
      'Delete the tag (git push --delete origin <tag>) and tag again with `make release`.',
    );
  }
  return version;
}
