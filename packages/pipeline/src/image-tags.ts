import type { Environment } from '@shipyard/contracts';
import { isStableRelease, type RefPlan } from './ref.js';

/**
 * The tags one build gives its image, split by when they move.
 *
 * Tag & push (before the deploy): the commit SHA, and a release's immutable version. Nothing a
 * host or a user follows moves there.
 * Promote (after a successful deploy): the environment tag, its rollback tag, and for a stable
 * release the line tags `X.Y` and `X`. A rejected approval or a failed deploy leaves them all.
 */
export interface ImageTags {
  /** The commit SHA: what the image was built from. */
  readonly commit: string;
  /**
   * Whether this build makes the image. A stable release does not: it promotes the image the main
   * branch build pushed as `<sha>`, so production runs the bytes built and tested for that commit.
   */
  readonly buildsImage: boolean;
  /** The release version `X.Y.Z` or `X.Y.Z-rc.N`: pushed once, never overwritten. */
  readonly version: string | undefined;
  /** The environment tag, moved to the deployed digest. */
  readonly environment: Environment;
  /** `<environment>-previous`: moved to what the environment tag pointed at before. */
  readonly previous: string;
  /** A stable release's `X.Y` and `X`; a pre-release never moves them. */
  readonly lines: readonly string[];
}

/** The tags for a ref; undefined for refs that deploy nowhere (they build no image). */
export function imageTags(plan: RefPlan, sha: string): ImageTags | undefined {
  const environment = plan.environment;
  if (!environment) return undefined;
  const release = plan.release;
  const stable = isStableRelease(plan);
  return {
    commit: sha,
    buildsImage: !stable,
    version: release?.version,
    environment,
    previous: `${environment}-previous`,
    lines: stable && release ? [`${release.major}.${release.minor}`, `${release.major}`] : [],
  };
}

/** What Tag & push puts in the registry, immutable first. */
export function pushedTagNames(tags: ImageTags): string[] {
  return [...(tags.version ? [tags.version] : []), ...(tags.buildsImage ? [tags.commit] : [])];
}

/** What Promote moves, in the order it moves them. */
export function promotedTagNames(tags: ImageTags): string[] {
  return [tags.previous, tags.environment, ...tags.lines];
}
