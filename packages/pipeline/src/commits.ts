import createPreset, { DEFAULT_COMMIT_TYPES } from 'conventional-changelog-conventionalcommits';
import { type Commit, CommitParser, type ParserOptions } from 'conventional-commits-parser';
import semver from 'semver';

/** A commit as git gives it: the SHA and the full message. */
export interface RawCommit {
  readonly sha: string;
  readonly message: string;
}

export interface ParsedCommit {
  readonly sha: string;
  readonly type: string | null;
  readonly scope: string | null;
  readonly subject: string | null;
  readonly header: string;
  /** Texts of `BREAKING CHANGE:` footers, or the subject of a `feat!:` header. */
  readonly breaking: string[];
}

export type ReleaseType = 'major' | 'minor' | 'patch';

interface Preset {
  parser: ParserOptions;
  whatBump(commits: Commit[]): { level: 0 | 1 | 2; reason: string } | null;
}

// The conventionalcommits preset is the reference reading of the spec (`feat!:`, `BREAKING CHANGE:`
// and `BREAKING-CHANGE:` footers, reverts); its type declarations are loose, hence the cast.
const preset = createPreset() as Preset;
const parser = new CommitParser(preset.parser);
const LEVELS: readonly ReleaseType[] = ['major', 'minor', 'patch'];

export function parseCommits(raw: readonly RawCommit[]): { parsed: ParsedCommit[]; commits: Commit[] } {
  const commits = raw.map((c) => {
    const commit = parser.parse(c.message);
    commit.hash = c.sha;
    return commit;
  });
  const parsed = commits.map((c, i) => ({
    sha: raw[i]?.sha ?? '',
    type: field(c, 'type'),
    scope: field(c, 'scope'),
    subject: field(c, 'subject'),
    header: c.header ?? '',
    breaking: c.notes.filter((n) => n.title.toUpperCase().startsWith('BREAKING')).map((n) => n.text),
  }));
  return { parsed, commits };
}

function field(commit: Commit, name: string): string | null {
  const value = commit[name];
  return typeof value === 'string' ? value : null;
}

/** The release a set of commits calls for, per the preset: null when nothing is releasable. */
export function releaseType(commits: Commit[]): ReleaseType | null {
  const bump = preset.whatBump(commits);
  return bump ? (LEVELS[bump.level] ?? null) : null;
}

/** The next version after `last` (a tag such as `v1.2.3`, or none for the first release). */
export function nextVersion(last: string | undefined, type: ReleaseType): string {
  const base = last ? semver.parse(last.replace(/^v/, '')) : semver.parse('0.0.0');
  const next = base ? semver.inc(base, type) : null;
  if (!next) throw new Error(`cannot bump '${last}' by ${type}`);
  return next;
}

/** Changelog sections in the preset's order, with the types that feed each. */
export const SECTIONS: ReadonlyArray<{ title: string; types: string[] }> = (() => {
  const sections: Array<{ title: string; types: string[] }> = [];
  for (const entry of DEFAULT_COMMIT_TYPES) {
    if (entry.effect === 'hidden' || !entry.section) continue;
    const existing = sections.find((s) => s.title === entry.section);
    if (existing) existing.types.push(entry.type);
    else sections.push({ title: entry.section, types: [entry.type] });
  }
  return sections;
})();
