import { isImageTag as isDockerTag } from '@shipyard/contracts';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { prependToChangelog, renderReleaseNotes } from '../src/changelog.js';
import { nextVersion, parseCommits, releaseType } from '../src/commits.js';
import { branchSlug, computeVersion } from '../src/version.js';

const SHA = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const facts = { branch: 'develop', sha: SHA, tagsAtHead: [], lastTag: 'v1.2.3', commitsSinceTag: 5 };

describe('computeVersion', () => {
  it('is the tag version on a release tag', () => {
    expect(computeVersion({ ...facts, tagsAtHead: ['v1.2.3'], commitsSinceTag: 0 })).toBe('1.2.3');
    expect(computeVersion({ ...facts, tagsAtHead: ['v1.3.0-rc.1'] })).toBe('1.3.0-rc.1');
  });

  it('picks the highest of several tags at HEAD', () => {
    expect(computeVersion({ ...facts, tagsAtHead: ['v1.3.0-rc.2', 'v1.3.0'] })).toBe('1.3.0');
  });

  it('is a pre-release of the next patch elsewhere, valid as semver and as a Docker tag', () => {
    const version = computeVersion(facts);
    expect(version).toBe('1.2.4-develop.5.g1a2b3c4');
    expect(semver.valid(version)).toBe(version);
    expect(semver.gt(version, '1.2.3')).toBe(true);
    expect(semver.lt(version, '1.2.4')).toBe(true);
    expect(isDockerTag(version)).toBe(true);
  });

  it('counts from 0.0.0 before the first tag', () => {
    expect(computeVersion({ ...facts, lastTag: undefined, branch: 'feature/Login_Form' })).toBe(
      '0.0.1-feature-login-form.5.g1a2b3c4',
    );
  });

  it('keeps the X.Y.Z of a pre-release base', () => {
    expect(computeVersion({ ...facts, lastTag: 'v2.0.0-rc.1', branch: 'PR-12' })).toBe(
      '2.0.0-pr-12.5.g1a2b3c4',
    );
  });

  it('keeps an all-digit short SHA a valid identifier', () => {
    const version = computeVersion({ ...facts, sha: '0123456000' });
    expect(version).toBe('1.2.4-develop.5.g0123456');
    expect(semver.valid(version)).toBe(version);
  });
});

describe('branchSlug', () => {
  it.each([
    ['feature/x', 'feature-x'],
    ['release/1.2', 'release-1-2'],
    ['PR-12', 'pr-12'],
    ['--weird__Name--', 'weird--name'],
    ['007', 'b007'],
    ['/', 'detached'],
  ])('%s -> %s', (branch, slug) => {
    expect(branchSlug(branch)).toBe(slug);
  });

  it('cuts long names so the version stays a valid Docker tag', () => {
    const version = computeVersion({ ...facts, branch: `feature/${'a'.repeat(200)}` });
    expect(isDockerTag(version)).toBe(true);
    expect(semver.valid(version)).toBe(version);
  });
});

describe('conventional commits', () => {
  const commit = (message: string, sha = SHA) => ({ sha, message });

  it.each([
    [['fix: a bug'], 'patch'],
    [['perf(api): faster'], 'patch'],
    [['fix: a bug', 'feat: a feature'], 'minor'],
    [['feat: a feature', 'fix: x\n\nBREAKING CHANGE: the API changed'], 'major'],
    [['feat(api)!: drop v1'], 'major'],
    [['chore: deps', 'docs: readme', 'test: more', 'ci: faster'], null],
  ])('%j calls for %s', (messages, type) => {
    expect(releaseType(parseCommits(messages.map((m) => commit(m))).commits)).toBe(type);
  });

  it('bumps with semver', () => {
    expect(nextVersion('v1.2.3', 'major')).toBe('2.0.0');
    expect(nextVersion('v1.2.3', 'minor')).toBe('1.3.0');
    expect(nextVersion('v1.2.3', 'patch')).toBe('1.2.4');
    expect(nextVersion(undefined, 'minor')).toBe('0.1.0');
  });

  it('renders release notes by section, breaking changes first', () => {
    const { parsed } = parseCommits([
      commit('feat(api): add widgets', 'aaaaaaa1111'),
      commit('fix: stop crashing', 'bbbbbbb2222'),
      commit('chore: bump deps', 'ccccccc3333'),
      commit('feat!: remove the old endpoint', 'ddddddd4444'),
    ]);
    expect(renderReleaseNotes('2.0.0', '2026-01-02', parsed)).toBe(
      [
        '## 2.0.0 (2026-01-02)',
        '',
        '### ⚠ BREAKING CHANGES',
        '',
        '* remove the old endpoint (ddddddd)',
        '',
        '### Features',
        '',
        '* **api:** add widgets (aaaaaaa)',
        '* remove the old endpoint (ddddddd)',
        '',
        '### Bug Fixes',
        '',
        '* stop crashing (bbbbbbb)',
        '',
      ].join('\n'),
    );
  });

  it('puts the newest section at the top of the changelog', () => {
    const first = prependToChangelog(undefined, '## 1.0.0 (2026-01-01)\n\n* one\n');
    expect(first).toBe('# Changelog\n\n## 1.0.0 (2026-01-01)\n\n* one\n');
    const second = prependToChangelog(first, '## 1.1.0 (2026-01-02)\n\n* two\n');
    expect(second).toBe('# Changelog\n\n## 1.1.0 (2026-01-02)\n\n* two\n\n## 1.0.0 (2026-01-01)\n\n* one\n');
  });
});
