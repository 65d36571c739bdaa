/**
 * The ECR lifecycle rules of the service repository.
 *
 * ECR evaluates every rule on its own, then applies them by priority: an image that matches the
 * tagging requirements of a rule cannot be expired by a rule with a lower priority (a higher
 * rulePriority number). So each protected tag gets a rule of its own that matches it and never
 * expires anything; a tagPatternList with several patterns would only match images carrying all
 * of them. What no protecting rule matches is left to the last two rules.
 */

/**
 * Tags that are never expired:
 * - `*.*.*`: release versions `X.Y.Z` and pre-releases `X.Y.Z-rc.N` (SHA tags hold no dot);
 * - `*.*`: the line tags `X.Y`;
 * - the environment tags and the rollback tags the pipeline moves.
 * The major tag `X` cannot be told from a SHA by a wildcard pattern; the pipeline only ever puts
 * it on an image that also carries its `X.Y.Z` (immutable), which keeps that image.
 */
export const PROTECTED_TAG_PATTERNS = [
  '*.*.*',
  '*.*',
  'staging',
  'production',
  'staging-previous',
  'production-previous',
] as const;

/** Days an untagged image is kept, so a push in progress is never cut short. */
export const UNTAGGED_GRACE_DAYS = 1;

/** Above the repository's image quota, so a protecting rule never expires anything. */
export const NEVER = 999_999;

/** One rule of an ECR lifecycle policy, as AWS documents it. */
export interface LifecycleRule {
  readonly rulePriority: number;
  readonly description: string;
  readonly selection: {
    readonly tagStatus: 'tagged' | 'untagged' | 'any';
    readonly tagPatternList?: readonly string[];
    readonly tagPrefixList?: readonly string[];
    readonly countType: 'imageCountMoreThan' | 'sinceImagePushed';
    readonly countUnit?: 'days';
    readonly countNumber: number;
  };
  readonly action: { readonly type: 'expire' };
}

/**
 * The rules: keep every protected tag, expire untagged images after a day, and of the other
 * tagged images (SHA-only) keep those among the `keepShaImages` newest tagged images.
 */
export function imageLifecycleRules(
  keepShaImages: number,
  protectedPatterns: readonly string[] = PROTECTED_TAG_PATTERNS,
): LifecycleRule[] {
  const keep: LifecycleRule[] = protectedPatterns.map((pattern, i) => ({
    rulePriority: i + 1,
    description: `Keep every image tagged ${pattern}`,
    selection: {
      tagStatus: 'tagged',
      tagPatternList: [pattern],
      countType: 'imageCountMoreThan',
      countNumber: NEVER,
    },
    action: { type: 'expire' },
  }));
  const next = keep.length + 1;
  return [
    ...keep,
    {
      rulePriority: next,
      description: `Expire untagged images after ${UNTAGGED_GRACE_DAYS} day`,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: UNTAGGED_GRACE_DAYS,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: next + 1,
      description: 'Expire SHA-only images beyond the newest ecr_keep_images tagged images',
      selection: {
        tagStatus: 'tagged',
        tagPatternList: ['*'],
        countType: 'imageCountMoreThan',
        countNumber: keepShaImages,
      },
      action: { type: 'expire' },
    },
  ];
}
