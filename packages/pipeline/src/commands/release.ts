import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ShipyardError, withExamples } from '@shipyard/cli-kit';
import type { Command } from 'commander';
import { prependToChangelog, renderReleaseNotes } from '../changelog.js';
import { nextVersion, parseCommits, releaseType } from '../commits.js';
import { Git } from '../git.js';

interface ReleaseOptions {
  dryRun?: boolean;
  date?: string;
}

/**
 * Cuts the next release: reads the conventional commits since the last stable tag, picks the
 * bump, writes the notes at the top of CHANGELOG.md, commits that, then makes an annotated tag.
 * Pushing is left to the user (`git push --follow-tags`), so nothing leaves the machine unseen.
 */
export function releaseCommand(program: Command): void {
  withExamples(program.command('release'), [
    'pipeline release --dry-run',
    'pipeline release && git push --follow-tags',
  ])
    .description('tag the next version from conventional commits and add its notes to CHANGELOG.md')
    .addHelpText(
      'after',
      '\nExamples:\n  $ pipeline release --dry-run\n  $ pipeline release && git push --follow-tags\n',
    )
    .option('--dry-run', 'print the next version and its notes without writing anything')
    .option('--date <yyyy-mm-dd>', 'release date in the notes (default: today, UTC)')
    .action(async (opts: ReleaseOptions) => {
      const git = new Git(process.cwd());
      const last = await git.lastTag(true);
      const since = last ?? 'the first commit';
      const tagged = await git.tagsAtHead();
      if (tagged.length > 0) {
        throw new ShipyardError(
          `HEAD is already released as ${tagged.join(', ')}`,
          'Commit something first.',
        );
      }
      const { parsed, commits } = parseCommits(await git.commitsSince(last));
      const type = releaseType(commits);
      if (!type) {
        throw new ShipyardError(
          `nothing to release: none of the ${parsed.length} commit(s) since ${since} is a feat, fix, perf, revert or breaking change`,
          'Releases follow conventional commits (https://www.conventionalcommits.org); chore/docs/test/ci alone do not make one.',
        );
      }
      const version = nextVersion(last, type);
      const tag = `v${version}`;
      const date = opts.date ?? new Date().toISOString().slice(0, 10);
      const notes = renderReleaseNotes(version, date, parsed);
      process.stdout.write(`${since} -> ${tag} (${type}: ${parsed.length} commit(s))\n\n${notes}`);
      if (opts.dryRun) {
        process.stdout.write('\ndry run: nothing written\n');
        return;
      }
      if (!(await git.isClean())) {
        throw new ShipyardError(
          'the working tree has uncommitted changes',
          'Commit or stash them first: the release commit must hold only CHANGELOG.md.',
        );
      }
      const changelog = join(process.cwd(), 'CHANGELOG.md');
      const existing = await readFile(changelog, 'utf8').catch(() => undefined);
      await writeFile(changelog, prependToChangelog(existing, notes));
      await git.run(['add', 'CHANGELOG.md']);
      await git.run(['commit', '--quiet', '-m', `chore(release): ${tag}`]);
      // verbatim: git would otherwise drop the Markdown headings as comment lines.
      await git.run(['tag', '--annotate', '--cleanup=verbatim', tag, '--message', `${tag}\n\n${notes}`]);
      process.stdout.write(`\ncreated ${tag}; publish it with: git push --follow-tags\n`);
    });
}
