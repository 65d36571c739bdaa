import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { Registry } from '../src/constructs/registry';
import { hasResource, resources } from './helpers';

describe('Registry', () => {
  it('scans on push, encrypts and keeps the last N images', () => {
    const synth = Testing.synthScope((scope) => {
      new Registry(scope, 'reg', { name: 'shipyard-service', keepImages: 7 });
    });
    expect(
      hasResource(synth, EcrRepository.tfResourceType, {
        name: 'shipyard-service',
        image_scanning_configuration: { scan_on_push: true },
        image_tag_mutability: 'MUTABLE',
        force_delete: false,
      }),
    ).toBe(true);
    const policy = resources(JSON.parse(synth), EcrLifecyclePolicy.tfResourceType)[0]?.policy as string;
    expect(policy).toContain('"countNumber" = 7');
    expect(policy).toContain('imageCountMoreThan');
  });

  it('can make every tag immutable', () => {
    const synth = Testing.synthScope((scope) => {
      new Registry(scope, 'reg', { name: 'r', imageTagMutability: 'IMMUTABLE' });
    });
    expect(hasResource(synth, EcrRepository.tfResourceType, { image_tag_mutability: 'IMMUTABLE' })).toBe(
      true,
    );
  });

  it('refuses a keepImages outside 1-1000', () => {
    for (const keepImages of [0, 1001, 2.5]) {
      expect(() =>
        Testing.synthScope((scope) => {
          new Registry(scope, 'reg', { name: 'r', keepImages });
        }),
      ).toThrow(/Registry: keepImages must be a whole number from 1 to 1000/);
    }
  });
});
