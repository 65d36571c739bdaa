import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import semver from 'semver';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCli, runCli } from './helpers.js';

// These tests start real tools (git, make, a JVM, podman); a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

// `version` and `release` run as the real CLI, on real git repositories in a temp dir.
let dir: string;
const git = (...args: string[]) => execa('git', args, { cwd: dir });

async function scratchRepo(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'shipyard-release-'));
  await git('init', '--quiet', '--initial-branch=develop');
  await git('config', 'user.email', 'ci@example.com');
  await git('config', 'user.name', 'CI');
  await git('config', 'commit.gpgsign', 'false');
  await git('config', 'tag.gpgsign', 'false');
}

async function commit(message: string): Promise<void> {
  await writeFile(join(dir, 'file.txt'), `${message}\n${Math.random()}\n`);
  await git('add', 'file.txt');
  await git('commit', '--quiet', '-m', message);
}

beforeAll(buildCli, 120_000);
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('version', () => {
  it('is X.Y.Z on a release tag and a pre-release with branch and short SHA elsewhere', async () => {
    await scratchRepo();
    await commit('feat: first');
    await git('tag', '-a', 'v1.2.3', '-m', 'v1.2.3');
    expect((await runCli(['version'], dir)).stdout).toBe('1.2.3');

    await commit('fix: second');
    await commit('fix: third');
    const sha = (await git('rev-parse', '--short=7', 'HEAD')).stdout;
    const onDevelop = (await runCli(['version'], dir)).stdout;
    expect(onDevelop).toBe(`1.2.4-develop.2.g${sha}`);
    expect(semver.valid(onDevelop)).toBe(onDevelop);

    // Jenkins checks out a detached HEAD and names the branch.
    await git('checkout', '--quiet', '--detach');
    expect((await runCli(['version', '--branch', 'PR-12'], dir)).stdout).toBe(`1.2.4-pr-12.2.g${sha}`);
  });

  it('ignores tags that are not semantic versions', async () => {
    await scratchRepo();
    await commit('feat: first');
    await git('tag', 'v1.0.0');
    await commit('feat: second');
    await git('tag', 'vnext');
    await git('tag', 'v2');
    expect((await runCli(['version'], dir)).stdout).toMatch(/^1\.0\.1-develop\.1\.g[0-9a-f]{7}$/);
  });
});

describe('release', () => {
  async function release(): Promise<{ exitCode: number | undefined; stdout: string; stderr: string }> {
    const result = await runCli(['release', '--date', '2026-03-04'], dir);
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }
  const latestTag = async () => (await git('describe', '--tags', '--abbrev=0')).stdout;

  it.each([
    ['fix: mend the widget', 'v1.2.4'],
    ['feat: add a widget', 'v1.3.0'],
    ['feat: new api\n\nBREAKING CHANGE: the old one is gone', 'v2.0.0'],
    ['refactor(api)!: rename everything', 'v2.0.0'],
  ])('after "%s" on v1.2.3 tags %s', async (message, expected) => {
    await scratchRepo();
    await commit('feat: first');
    await git('tag', '-a', 'v1.2.3', '-m', 'v1.2.3');
    await commit('chore: tidy');
    await commit(message);

    const result = await release();
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(await latestTag()).toBe(expected);
    // Annotated, on the release commit, which holds only the changelog.
    expect((await git('cat-file', '-t', expected)).stdout).toBe('tag');
    expect((await git('log', '-1', '--format=%s', expected)).stdout).toBe(`chore(release): ${expected}`);
    expect(
      (await git('diff-tree', '--no-commit-id', '--name-only', '-r', `${expected}^{commit}`)).stdout.trim(),
    ).toBe('CHANGELOG.md');
    const changelog = await readFile(join(dir, 'CHANGELOG.md'), 'utf8');
    expect(changelog.startsWith(`# Changelog\n\n## ${expected.slice(1)} (2026-03-04)\n`)).toBe(true);
    expect((await runCli(['version'], dir)).stdout).toBe(expected.slice(1));
  });

  it('writes each release as a new section at the top and lists the commits', async () => {
    await scratchRepo();
    await commit('feat(api): add widgets');
    expect((await release()).exitCode).toBe(0);
    await commit('fix: stop the crash');
    expect((await release()).exitCode).toBe(0);

    expect(await latestTag()).toBe('v0.1.1');
    const changelog = await readFile(join(dir, 'CHANGELOG.md'), 'utf8');
    const sha = async (rev: string) => (await git('rev-parse', '--short=7', rev)).stdout;
    expect(changelog).toBe(
      [
        '# Changelog',
        '',
        '## 0.1.1 (2026-03-04)',
        '',
        '### Bug Fixes',
        '',
        `* stop the crash (${await sha('v0.1.1~1')})`,
        '',
        '## 0.1.0 (2026-03-04)',
        '',
        '### Features',
        '',
        `* **api:** add widgets (${await sha('v0.1.0~1')})`,
        '',
      ].join('\n'),
    );
    const annotation = (await git('tag', '-l', '--format=%(contents)', 'v0.1.1')).stdout;
    expect(annotation).toContain('### Bug Fixes');
  });

  it('refuses, changing nothing, when no commit is releasable', async () => {
    await scratchRepo();
    await commit('feat: first');
    await git('tag', '-a', 'v1.0.0', '-m', 'v1.0.0');
    await commit('docs: readme');
    await commit('chore: deps');
    const head = (await git('rev-parse', 'HEAD')).stdout;

    const result = await release();
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(
      'error: nothing to release: none of the 2 commit(s) since v1.0.0 is a feat, fix, perf, revert or breaking change',
    );
    expect((await git('rev-parse', 'HEAD')).stdout).toBe(head);
    expect((await git('tag', '--list')).stdout).toBe('v1.0.0');
  });

  it('refuses a dirty working tree before writing anything', async () => {
    await scratchRepo();
    await commit('feat: first');
    await writeFile(join(dir, 'file.txt'), 'uncommitted\n');
    const result = await release();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error: the working tree has uncommitted changes');
    expect((await git('tag', '--list')).stdout).toBe('');
    expect((await git('status', '--porcelain')).stdout).toBe(' M file.txt');
  });

  it('previews with --dry-run and writes nothing', async () => {
    await scratchRepo();
    await commit('feat: first');
    const result = await runCli(['release', '--dry-run', '--date', '2026-03-04'], dir);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('the first commit -> v0.1.0 (minor: 1 commit(s))');
    expect(result.stdout).toContain('## 0.1.0 (2026-03-04)');
    expect((await git('tag', '--list')).stdout).toBe('');
  });
});
