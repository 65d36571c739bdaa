import { ShipyardError } from '@shipyard/cli-kit';
import { isReleaseTag } from '@shipyard/contracts';
import { execa } from 'execa';
import semver from 'semver';
import type { RawCommit } from './commits.js';

/** Thin git I/O for versioning and releases: argv arrays, never a shell. */
export class Git {
  constructor(readonly cwd: string) {}

  async run(args: string[]): Promise<string> {
    const result = await execa('git', args, { cwd: this.cwd, reject: false });
    if (result.exitCode !== 0) {
      throw new ShipyardError(
        `git ${args.join(' ')} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`,
        'Run this inside a git checkout with at least one commit.',
      );
    }
    return result.stdout;
  }

  /**
   * Runs git and returns how it ended, for questions git answers with its exit code. Never
   * prompts for credentials: a pipeline has nobody to answer.
   */
  attempt(args: string[]) {
    return execa('git', args, {
      cwd: this.cwd,
      reject: false,
      timeout: 120_000,
      env: { GIT_TERMINAL_PROMPT: '0' },
    });
  }

  head(): Promise<string> {
    return this.run(['rev-parse', 'HEAD']).then((s) => s.trim());
  }

  /** The current branch, or undefined on a detached HEAD (how Jenkins checks out). */
  async branch(): Promise<string | undefined> {
    const name = (await this.run(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
    return name === 'HEAD' ? undefined : name;
  }

  /** Release tags (`v` + a semantic version) at HEAD. */
  async tagsAtHead(): Promise<string[]> {
    return releaseTags(await this.run(['tag', '--points-at', 'HEAD', '--list', 'v*']));
  }

  /** The highest release tag reachable from HEAD; `stableOnly` skips pre-releases. */
  async lastTag(stableOnly: boolean): Promise<string | undefined> {
    const tags = releaseTags(await this.run(['tag', '--merged', 'HEAD', '--list', 'v*'])).filter(
      (t) => !stableOnly || semver.prerelease(t.slice(1)) === null,
    );
    return tags.sort((a, b) => semver.rcompare(a.slice(1), b.slice(1)))[0];
  }

  async countSince(tag: string | undefined): Promise<number> {
    const range = tag ? `${tag}..HEAD` : 'HEAD';
    return Number((await this.run(['rev-list', '--count', range])).trim());
  }

  /** Commits after `tag` (all commits when undefined), oldest first. */
  async commitsSince(tag: string | undefined): Promise<RawCommit[]> {
    const range = tag ? `${tag}..HEAD` : 'HEAD';
    // NUL between SHA and message, RS between commits: neither can appear in a commit message.
    const out = await this.run(['log', '--reverse', '--format=%H%x00%B%x1e', range]);
    return out
      .split('\x1e')
      .map((record) => record.trim())
      .filter((record) => record !== '')
      .map((record) => {
        const nul = record.indexOf('\x00');
        return { sha: record.slice(0, nul), message: record.slice(nul + 1).trim() };
      });
  }

  async isClean(): Promise<boolean> {
    return (await this.run(['status', '--porcelain'])).trim() === '';
  }
}

function releaseTags(out: string): string[] {
  return out
    .split('\n')
    .map((t) => t.trim())
    .filter(isReleaseTag);
}
