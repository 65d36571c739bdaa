import { ShipyardError } from '@shipyard/cli-kit';
import { isImageTag } from '@shipyard/contracts';
import semver from 'semver';

/** What `computeVersion` needs to know about the repository, gathered by git.ts. */
export interface VersionFacts {
  /** Branch (or Jenkins ref name such as `PR-12`) being built. */
  readonly branch: string;
  /** Full commit SHA of HEAD. */
  readonly sha: string;
  /** Release tags (`vX.Y.Z[-pre]`) that point at HEAD. */
  readonly tagsAtHead: readonly string[];
  /** The most recent release tag reachable from HEAD, if any. */
  readonly lastTag: string | undefined;
  /** Commits between `lastTag` (or the root) and HEAD. */
  readonly commitsSinceTag: number;
}

const SHORT_SHA_LENGTH = 7;
/** Docker allows 128 characters in a tag; the slug is cut so the whole version fits. */
const MAX_SLUG_LENGTH = 60;

/**
 * The version of HEAD.
 * - On a release tag: the tag's version, `1.2.3` or `1.2.3-rc.1`.
 * - Otherwise: the next patch after the last release tag, as a pre-release carrying the branch,
 *   the commit count since that tag and the short SHA: `1.2.4-develop.5.g1a2b3c4`.
 *   It sorts after `1.2.3` and before any real `1.2.4`. The SHA is a pre-release identifier, not
 *   build metadata (`+g1a2b3c4`), because Docker tags cannot contain `+`: the same string is a
 *   valid semantic version and a valid image tag. The `g` keeps an all-digit SHA from being read
 *   as a number.
 */
export function computeVersion(facts: VersionFacts): string {
  const tagged = facts.tagsAtHead
    .map((tag) => semver.parse(tag.replace(/^v/, '')))
    .filter((v): v is semver.SemVer => v !== null)
    .sort(semver.rcompare)[0];
  if (tagged) return tagged.version;

  const base = facts.lastTag ? semver.parse(facts.lastTag.replace(/^v/, '')) : semver.parse('0.0.0');
  if (!base) {
    throw new ShipyardError(`last tag '${facts.lastTag}' is not a semantic version`);
  }
  // A pre-release base (1.3.0-rc.1) already names the release being prepared; keep its X.Y.Z.
  const next =
    base.prerelease.length > 0 ? `${base.major}.${base.minor}.${base.patch}` : semver.inc(base, 'patch');
  const short = facts.sha.slice(0, SHORT_SHA_LENGTH);
  const version = `${next}-${branchSlug(facts.branch)}.${facts.commitsSinceTag}.g${short}`;
  if (!semver.valid(version) || !isImageTag(version)) {
    throw new ShipyardError(`computed version '${version}' is not a valid semantic version and image tag`);
  }
  return version;
}

/**
 * A branch name as one semver pre-release identifier: lower case, `[0-9a-z-]` only.
 * `feature/Login_Form` becomes `feature-login-form`.
 */
export function branchSlug(branch: string): string {
  let slug = '';
  for (const ch of branch.toLowerCase()) {
    slug += (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ? ch : '-';
  }
  slug = trimDashes(slug).slice(0, MAX_SLUG_LENGTH);
  slug = trimDashes(slug);
  if (slug === '') return 'detached';
  // An all-digit identifier must not have a leading zero in semver; a letter avoids the question.
  if ([...slug].every((ch) => ch >= '0' && ch <= '9')) return `b${slug}`;
  return slug;
}

function trimDashes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === '-') start++;
  while (end > start && s[end - 1] === '-') end--;
  return s.slice(start, end);
}
