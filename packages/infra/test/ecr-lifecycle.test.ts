import { describe, expect, it } from 'vitest';
import {
  expiredDigests,
  type ImageRecord,
  matchesTagging,
  type Policy,
  patternMatches,
  type Rule,
} from './support/ecr-lifecycle';
import { releasesThenShaPushes } from './support/image-history';

// The evaluator the lifecycle tests rely on, checked against the behaviours AWS documents.
const at = (hours: number) => new Date(Date.UTC(2025, 0, 1) + hours * 3_600_000);
const image = (digest: string, tags: string[], hours: number): ImageRecord => ({
  digest,
  tags,
  pushedAt: at(hours),
});
const rule = (rulePriority: number, selection: Rule['selection']): Rule => ({
  rulePriority,
  selection,
  action: { type: 'expire' },
});

describe('the ECR lifecycle evaluator', () => {
  it('matches * as any run of characters, including none', () => {
    expect(patternMatches('prod*', 'prod')).toBe(true);
    expect(patternMatches('prod*', 'prod1')).toBe(true);
    expect(patternMatches('*.*.*', '1.2.3')).toBe(true);
    expect(patternMatches('*.*.*', '1.2.3-rc.1')).toBe(true);
    expect(patternMatches('*.*.*', '1.2')).toBe(false);
    expect(patternMatches('*.*', '1.2')).toBe(true);
    expect(patternMatches('*.*', 'c'.repeat(40))).toBe(false);
    expect(patternMatches('staging', 'staging-previous')).toBe(false);
  });

  it('selects an image for a pattern list only when every pattern matches one of its tags', () => {
    const both = { tagStatus: 'tagged', tagPatternList: ['latest', 'main'] } as const;
    const selection = { ...both, countType: 'imageCountMoreThan', countNumber: 1 } as const;
    expect(matchesTagging(selection, image('a', ['latest'], 0))).toBe(false);
    expect(matchesTagging(selection, image('b', ['main', 'latest'], 0))).toBe(true);
    expect(
      matchesTagging({ ...selection, tagStatus: 'untagged', tagPatternList: [] }, image('c', [], 0)),
    ).toBe(true);
  });

  it('never lets a lower-priority rule expire an image a higher-priority rule matches, yet counts it', () => {
    const policy: Policy = {
      rules: [
        rule(1, {
          tagStatus: 'tagged',
          tagPatternList: ['keep'],
          countType: 'imageCountMoreThan',
          countNumber: 9,
        }),
        rule(2, {
          tagStatus: 'tagged',
          tagPatternList: ['*'],
          countType: 'imageCountMoreThan',
          countNumber: 2,
        }),
        rule(3, { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 }),
      ],
    };
    const images = [
      image('old', ['x'], 0),
      image('kept', ['keep', 'y'], 1),
      image('new', ['z'], 2),
      image('older-protected', ['keep'], -1),
    ];
    // Rule 2 counts `kept` among its two newest, so `old` falls beyond them. It also marks
    // `older-protected`, which rule 1 matches first: kept.
    expect([...expiredDigests(policy, images, at(3))]).toEqual(['old']);
  });

  it('expires untagged images by age and leaves young ones', () => {
    const policy: Policy = {
      rules: [
        rule(1, { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 }),
      ],
    };
    const images = [image('stale', [], 0), image('fresh', [], 30), image('tagged', ['t'], 0)];
    expect([...expiredDigests(policy, images, at(36))]).toEqual(['stale']);
  });

  it('refuses what ECR refuses: tagStatus any before the last rule, two rules for untagged images', () => {
    const any = rule(1, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 1 });
    const untagged = rule(2, { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 1 });
    expect(() => expiredDigests({ rules: [any, untagged] }, [], at(0))).toThrow(/highest rulePriority/);
    expect(() => expiredDigests({ rules: [untagged, { ...untagged, rulePriority: 3 }] }, [], at(0))).toThrow(
      /only one rule may select untagged/,
    );
  });

  it('shows why the old policy lost releases: tagStatus any keeps the newest N of everything', () => {
    const h = releasesThenShaPushes(100);
    const old: Policy = {
      rules: [rule(1, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 })],
    };
    const expired = expiredDigests(old, h.records, h.now);
    expect(expired.has(h.holder('1.2.3') as string)).toBe(true);
    expect(expired.has(h.holder('production') as string)).toBe(true);
    expect(expired.has(h.holder('production-previous') as string)).toBe(true);
  });
});
