import { type ParsedCommit, SECTIONS } from './commits.js';

const TITLE = '# Changelog';
const SHORT_SHA_LENGTH = 7;

/**
 * The release notes for one version, as a Markdown section: breaking changes first, then one
 * heading per releasable commit type in the conventionalcommits preset's order.
 */
export function renderReleaseNotes(version: string, date: string, commits: readonly ParsedCommit[]): string {
  const lines = [`## ${version} (${date})`, ''];
  const breaking = commits.flatMap((c) => c.breaking.map((text) => ({ commit: c, text })));
  if (breaking.length > 0) {
    lines.push('### ⚠ BREAKING CHANGES', '');
    for (const { commit, text } of breaking) lines.push(entry(commit, text));
    lines.push('');
  }
  for (const section of SECTIONS) {
    const inSection = commits.filter((c) => c.type !== null && section.types.includes(c.type));
    if (inSection.length === 0) continue;
    lines.push(`### ${section.title}`, '');
    for (const commit of inSection) lines.push(entry(commit, commit.subject ?? commit.header));
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function entry(commit: ParsedCommit, text: string): string {
  const scope = commit.scope ? `**${commit.scope}:** ` : '';
  return `* ${scope}${text.trim()} (${commit.sha.slice(0, SHORT_SHA_LENGTH)})`;
}

/** Puts `section` at the top of an existing changelog (newest first), creating the file's title if new. */
export function prependToChangelog(existing: string | undefined, section: string): string {
  const body = existing?.trimStart() ?? '';
  if (body.startsWith(TITLE)) {
    const afterTitle = body.slice(TITLE.length).trimStart();
    return `${TITLE}\n\n${section}${afterTitle ? `\n${afterTitle}` : ''}`;
  }
  return `${TITLE}\n\n${section}${body ? `\n${body}` : ''}`;
}
