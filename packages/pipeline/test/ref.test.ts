import { describe, expect, it } from 'vitest';
import { imageTags } from '../src/image-tags.js';
import { planRef } from '../src/ref.js';

const SHA = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const tagNames = (input: Parameters<typeof planRef>[0]) => imageTags(planRef(input), SHA).map((t) => t.name);

describe('branch and tag to environment', () => {
  it.each([
    ['feature/x', undefined],
    ['release/1.2', undefined],
    ['PR-12', undefined],
    ['develop', 'staging'],
    ['master', 'production'],
    ['main', 'production'],
  ])('branch %s deploys to %s', (branch, environment) => {
    const plan = planRef({ branch });
    expect(plan).toMatchObject({ ref: branch, kind: 'branch', environment, release: undefined });
  });

  it('a release tag deploys to production', () => {
    const plan = planRef({ branch: 'v1.2.3', tag: 'v1.2.3' });
    expect(plan.kind).toBe('tag');
    expect(plan.environment).toBe('production');
    expect(plan.release?.version).toBe('1.2.3');
  });

  it('a pre-release tag deploys to staging', () => {
    const plan = planRef({ tag: 'v1.2.3-rc.1' });
    expect(plan.environment).toBe('staging');
    expect(plan.release?.version).toBe('1.2.3-rc.1');
  });

  it.each(['v1.2', 'nightly', '1.2.3', 'v1.2.3.4', 'v1.2.3+build.5', 'vv1.2.3'])(
    'rejects the unparsable tag %s with one clear message',
    (tag) => {
      expect(() => planRef({ tag })).toThrow(
        `tag '${tag}' is not a release tag: expected vX.Y.Z or vX.Y.Z-<pre-release> (e.g. v1.2.3, v1.2.3-rc.1)`,
      );
    },
  );

  it('needs a branch or a tag', () => {
    expect(() => planRef({ branch: ' ' })).toThrow('no branch or tag given');
  });
});

describe('image tags', () => {
  it('test-only refs get no image', () => {
    expect(tagNames({ branch: 'feature/x' })).toEqual([]);
    expect(tagNames({ branch: 'release/1.2' })).toEqual([]);
    expect(tagNames({ branch: 'PR-12' })).toEqual([]);
  });

  it('develop gets the SHA and staging', () => {
    expect(tagNames({ branch: 'develop' })).toEqual([SHA, 'staging']);
  });

  it('master and main get the SHA and production', () => {
    expect(tagNames({ branch: 'master' })).toEqual([SHA, 'production']);
    expect(tagNames({ branch: 'main' })).toEqual([SHA, 'production']);
  });

  it('a release tag adds X.Y.Z, X.Y and X, and only X.Y.Z is immutable', () => {
    const tags = imageTags(planRef({ tag: 'v1.2.3' }), SHA);
    expect(tags.map((t) => t.name)).toEqual([SHA, 'production', '1.2.3', '1.2', '1']);
    expect(tags.filter((t) => t.immutable).map((t) => t.name)).toEqual(['1.2.3']);
  });

  it('a pre-release tag gets its full version only, never the moving X.Y and X', () => {
    const tags = imageTags(planRef({ tag: 'v1.2.3-rc.1' }), SHA);
    expect(tags.map((t) => t.name)).toEqual([SHA, 'staging', '1.2.3-rc.1']);
    expect(tags.find((t) => t.name === '1.2.3-rc.1')?.immutable).toBe(true);
  });
});
