import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

/** A git repository in a temp dir, for tests that need commits, tags and remotes of their own. */
export class ScratchGit {
  constructor(readonly dir: string) {}

  async git(...args: string[]): Promise<string> {
    return (await execa('git', args, { cwd: this.dir })).stdout.trim();
  }

  /** Local identity and no signing, so a developer's git config cannot get in the way. */
  async configure(): Promise<void> {
    await this.git('config', 'user.email', 'ci@example.com');
    await this.git('config', 'user.name', 'CI');
    await this.git('config', 'commit.gpgsign', 'false');
    await this.git('config', 'tag.gpgsign', 'false');
  }

  /** Commits a change and returns the new commit's SHA. */
  async commit(message: string): Promise<string> {
    await writeFile(join(this.dir, 'file.txt'), `${message}\n${Math.random()}\n`);
    await this.git('add', 'file.txt');
    await this.git('commit', '--quiet', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  /** An annotated tag on HEAD, pushed to origin. */
  async release(tag: string): Promise<void> {
    await this.git('tag', '-a', tag, '-m', tag);
    await this.git('push', '--quiet', 'origin', tag);
  }
}

/**
 * A bare `origin` (in root/origin.git) and a working clone of it (root/work) on `branch`, with one
 * commit pushed.
 */
export async function originAndClone(root: string, branch: string): Promise<ScratchGit> {
  const origin = join(root, 'origin.git');
  await execa('git', ['init', '--quiet', '--bare', `--initial-branch=${branch}`, origin]);
  await execa('git', ['init', '--quiet', `--initial-branch=${branch}`, join(root, 'work')]);
  const work = new ScratchGit(join(root, 'work'));
  await work.configure();
  await work.git('remote', 'add', 'origin', origin);
  await work.commit('feat: first');
  await work.git('push', '--quiet', 'origin', branch);
  return work;
}

/**
 * A checkout as a Jenkins build makes one: remote `origin`, detached at `rev`, holding only what
 * `refspecs` fetched (a tag build may fetch its tag and no branch).
 */
export async function jenkinsCheckout(
  root: string,
  name: string,
  refspecs: string[],
  rev: string,
): Promise<ScratchGit> {
  const dir = join(root, name);
  await execa('git', ['init', '--quiet', dir]);
  const clone = new ScratchGit(dir);
  await clone.configure();
  await clone.git('remote', 'add', 'origin', join(root, 'origin.git'));
  await clone.git('fetch', '--quiet', '--no-tags', 'origin', ...refspecs);
  await clone.git('checkout', '--quiet', '--detach', rev);
  return clone;
}
