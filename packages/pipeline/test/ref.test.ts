import { describe, expect, it } from 'vitest';
import { imageTags, promotedTagNames, pushedTagNames } from '../src/image-tags.js';
import { planRef } from '../src/ref.js';

const SHA = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';

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
  const tags = (input: Parameters<typeof planRef>[0]) => imageTags(planRef(input), SHA);
  const phases = (input: Parameters<typeof planRef>[0]) => {
    const t = tags(input);
    return t && { pushed: pushedTagNames(t), promoted: promotedTagNames(t), buildsImage: t.buildsImage };
  };

  it('test-only refs get no image', () => {
    expect(tags({ branch: 'feature/x' })).toBeUndefined();
    expect(tags({ branch: 'release/1.2' })).toBeUndefined();
    expect(tags({ branch: 'PR-12' })).toBeUndefined();
  });

  it('develop pushes the SHA; staging and its rollback tag move after the deploy', () => {
    expect(phases({ branch: 'develop' })).toEqual({
      pushed: [SHA],
      promoted: ['staging-previous', 'staging'],
      buildsImage: true,
    });
  });

  it('master and main push the SHA; production moves after the deploy', () => {
    for (const branch of ['master', 'main']) {
      expect(phases({ branch })).toEqual({
        pushed: [SHA],
        promoted: ['production-previous', 'production'],
        buildsImage: true,
      });
    }
  });

  it('a release tag builds nothing, pushes only X.Y.Z, and moves production, X.Y and X after the deploy', () => {
    expect(phases({ tag: 'v1.2.3' })).toEqual({
      pushed: ['1.2.3'],
      promoted: ['production-previous', 'production', '1.2', '1'],
      buildsImage: false,
    });
  });

  it('a pre-release tag builds its image, pushes its version and the SHA, and never moves X.Y and X', () => {
    expect(phases({ tag: 'v1.2.3-rc.1' })).toEqual({
      pushed: ['1.2.3-rc.1', SHA],
      promoted: ['staging-previous', 'staging'],
      buildsImage: true,
    });
  });
});
