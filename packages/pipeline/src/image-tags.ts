import type { RefPlan } from './ref.js';

/** One image tag and whether it may be moved once pushed. */
export interface ImageTag {
  readonly name: string;
  /** Release versions are immutable: pushing over an existing one is refused. */
  readonly immutable: boolean;
}

/**
 * The tags an image built from `sha` gets: the commit SHA and the environment always; for a
 * release tag also `X.Y.Z`, `X.Y` and `X`. A pre-release tag gets only its full version: moving
 * `X.Y`/`X` to a candidate would hand it to everyone who pinned the line.
 * Refs that deploy nowhere get no tags: they build no image.
 */
export function imageTags(plan: RefPlan, sha: string): ImageTag[] {
  if (!plan.environment) return [];
  const tags: ImageTag[] = [
    { name: sha, immutable: false },
    { name: plan.environment, immutable: false },
  ];
  const release = plan.release;
  if (release) {
    tags.push({ name: release.version, immutable: true });
    if (release.prerelease.length === 0) {
      tags.push({ name: `${release.major}.${release.minor}`, immutable: false });
      tags.push({ name: `${release.major}`, immutable: false });
    }
  }
  return tags;
}
