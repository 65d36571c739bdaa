import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { Registry, type RegistryProps } from '../src/constructs/registry';
import { hasResource, resources } from './helpers';
import { expiredDigests, type Policy } from './support/ecr-lifecycle';
import { releasesThenShaPushes } from './support/image-history';
import { decodeJsonencode } from './support/synth';

const synth = (props: Partial<RegistryProps> = {}) =>
  Testing.synthScope((scope) => {
    new Registry(scope, 'reg', { name: 'shipyard-service', ...props });
  });

/** The lifecycle policy exactly as synthesized, decoded. */
const lifecyclePolicy = (props: Partial<RegistryProps>) =>
  decodeJsonencode(
    resources(JSON.parse(synth(props)), EcrLifecyclePolicy.tfResourceType)[0]?.policy as string,
  ) as Policy;

describe('Registry', () => {
  it('scans on push, encrypts, and keeps its images on destroy unless told', () => {
    expect(
      hasResource(synth(), EcrRepository.tfResourceType, {
        name: 'shipyard-service',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: 'AES256' }],
        image_tag_mutability: 'MUTABLE',
        force_delete: false,
      }),
    ).toBe(true);
    expect(
      hasResource(synth({ forceDelete: true }), EcrRepository.tfResourceType, { force_delete: true }),
    ).toBe(true);
  });

  describe('its lifecycle policy, after two releases and 100 SHA builds deployed to staging', () => {
    const keep = 10;
    const h = releasesThenShaPushes(100);
    const expired = expiredDigests(lifecyclePolicy({ keepShaImages: keep }), h.records, h.now);

    it.each([
      '1.2.3',
      '1.2',
      '1',
      '1.2.2',
      '1.3.0-rc.1',
      'staging',
      'staging-previous',
      'production',
      'production-previous',
    ])('keeps the image tagged %s', (tag) => {
      const digest = h.holder(tag);
      expect(digest, tag).toBeDefined();
      expect(expired.has(digest as string), tag).toBe(false);
    });

    it('expires untagged images', () => {
      expect(h.records.find((r) => r.digest === h.untagged)?.tags).toEqual([]);
      expect(expired.has(h.untagged)).toBe(true);
    });

    it('keeps the SHA-only images among the newest N tagged images and expires every older one', () => {
      // The two newest tagged images are staging and staging-previous: N - 2 SHA-only stay.
      const kept = h.shaOnly.slice(0, keep - 2);
      const gone = h.shaOnly.slice(keep - 2);
      expect(gone).toHaveLength(91);
      for (const d of kept) expect(expired.has(d), d).toBe(false);
      expect([...expired].sort()).toEqual([...gone, h.untagged].sort());
    });
  });

  it('keeps every release however many SHA builds follow, with the default N', () => {
    const h = releasesThenShaPushes(400);
    const expired = expiredDigests(lifecyclePolicy({}), h.records, h.now);
    for (const tag of ['1.2.3', '1.2.2', '1.3.0-rc.1', 'production', 'production-previous', 'staging']) {
      expect(expired.has(h.holder(tag) as string), tag).toBe(false);
    }
    expect(h.shaOnly.filter((d) => !expired.has(d))).toEqual(h.shaOnly.slice(0, 48));
  });

  it('can make every tag immutable', () => {
    expect(
      hasResource(synth({ imageTagMutability: 'IMMUTABLE' }), EcrRepository.tfResourceType, {
        image_tag_mutability: 'IMMUTABLE',
      }),
    ).toBe(true);
  });

  it('refuses a keepShaImages outside 1-1000', () => {
    for (const keepShaImages of [0, 1001, 2.5]) {
      expect(() => synth({ keepShaImages })).toThrow(
        /Registry: keepShaImages must be a whole number from 1 to 1000, got /,
      );
    }
  });
});
