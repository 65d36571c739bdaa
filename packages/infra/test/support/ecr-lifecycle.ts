/**
 * A pure evaluator of ECR lifecycle policies (expire rules), written from AWS's documentation
 * ("Automate the cleanup of images by using lifecycle policies" and "Lifecycle policy
 * properties", Amazon ECR User Guide):
 * - the evaluator goes through every rule and marks the images each rule affects, then applies
 *   the rules by priority (lowest rulePriority first);
 * - an image is expired by exactly one or zero rules;
 * - an image that matches the tagging requirements of a rule cannot be expired by a rule with a
 *   lower priority;
 * - rules never mark images marked by higher-priority rules, but still identify (count) them;
 * - `tagPatternList`: patterns may hold `*` wildcards (at most four per pattern); with several
 *   patterns, only images with all of them are selected (each pattern matching one of the tags);
 *   `tagPrefixList` likewise with prefixes;
 * - `tagStatus: any` must have the highest rulePriority; only one rule may select untagged images;
 * - `imageCountMoreThan`: images sorted newest first by push time, those beyond countNumber are
 *   expired; `sinceImagePushed`: images pushed more than countNumber days ago are expired;
 *   expiration always takes older images before newer ones.
 */

/** An image as `aws ecr describe-images` reports it: its digest, tags and push time. */
export interface ImageRecord {
  readonly digest: string;
  readonly tags: readonly string[];
  readonly pushedAt: Date;
}

export interface Selection {
  readonly tagStatus: 'tagged' | 'untagged' | 'any';
  readonly tagPatternList?: readonly string[];
  readonly tagPrefixList?: readonly string[];
  readonly countType: 'imageCountMoreThan' | 'sinceImagePushed';
  readonly countUnit?: string;
  readonly countNumber: number;
}

export interface Rule {
  readonly rulePriority: number;
  readonly description?: string;
  readonly selection: Selection;
  readonly action: { readonly type: string };
}

export interface Policy {
  readonly rules: readonly Rule[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Throws on a policy ECR would refuse (the documented constraints this evaluator relies on). */
export function checkPolicy(policy: Policy): void {
  const priorities = policy.rules.map((r) => r.rulePriority);
  if (new Set(priorities).size !== priorities.length) throw new Error('rulePriority values must be unique');
  const highest = Math.max(...priorities);
  let untagged = 0;
  for (const r of policy.rules) {
    const s = r.selection;
    if (r.action.type !== 'expire') throw new Error(`rule ${r.rulePriority}: only expire is modelled`);
    if (!Number.isInteger(s.countNumber) || s.countNumber < 1) {
      throw new Error(`rule ${r.rulePriority}: countNumber must be a whole number of at least 1`);
    }
    if (s.countType === 'sinceImagePushed' && s.countUnit !== 'days') {
      throw new Error(`rule ${r.rulePriority}: sinceImagePushed needs countUnit days`);
    }
    if (s.tagStatus === 'any' && r.rulePriority !== highest) {
      throw new Error(`rule ${r.rulePriority}: a tagStatus any rule must have the highest rulePriority`);
    }
    if (s.tagStatus !== 'tagged') untagged += 1;
    const lists = [...(s.tagPatternList ?? []), ...(s.tagPrefixList ?? [])];
    if (s.tagStatus === 'tagged' && lists.length === 0) {
      throw new Error(`rule ${r.rulePriority}: tagged needs tagPatternList or tagPrefixList`);
    }
    if (s.tagStatus !== 'tagged' && lists.length > 0) {
      throw new Error(`rule ${r.rulePriority}: only a tagged rule takes tag patterns or prefixes`);
    }
    for (const p of s.tagPatternList ?? []) {
      if ((p.match(/\*/g) ?? []).length > 4) throw new Error(`pattern ${p}: at most four wildcards`);
    }
  }
  if (untagged > 1) throw new Error('only one rule may select untagged images');
}

/** Whether an ECR tag pattern (`*` = any run of characters, possibly empty) matches a tag. */
export function patternMatches(pattern: string, tag: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(tag);
}

/** Whether an image meets a rule's tagging requirements (tag status, patterns, prefixes). */
export function matchesTagging(selection: Selection, image: ImageRecord): boolean {
  if (selection.tagStatus === 'any') return true;
  if (selection.tagStatus === 'untagged') return image.tags.length === 0;
  if (image.tags.length === 0) return false;
  const patterns = selection.tagPatternList ?? [];
  const prefixes = selection.tagPrefixList ?? [];
  return (
    patterns.every((p) => image.tags.some((t) => patternMatches(p, t))) &&
    prefixes.every((p) => image.tags.some((t) => t.startsWith(p)))
  );
}

/** The images one rule marks, evaluated on its own against every image it selects. */
function marked(rule: Rule, images: readonly ImageRecord[], now: Date): Set<string> {
  const s = rule.selection;
  const selected = images
    .filter((i) => matchesTagging(s, i))
    .sort((a, b) => b.pushedAt.getTime() - a.pushedAt.getTime());
  const hit =
    s.countType === 'imageCountMoreThan'
      ? selected.slice(s.countNumber)
      : selected.filter((i) => now.getTime() - i.pushedAt.getTime() > s.countNumber * DAY_MS);
  return new Set(hit.map((i) => i.digest));
}

/**
 * The digests the policy expires. Each image is judged by the highest-priority rule whose tagging
 * requirements it meets: expired if that rule marked it, kept otherwise.
 */
export function expiredDigests(policy: Policy, images: readonly ImageRecord[], now: Date): Set<string> {
  checkPolicy(policy);
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
  const marks = rules.map((r) => marked(r, images, now));
  const expired = new Set<string>();
  for (const image of images) {
    const first = rules.findIndex((r) => matchesTagging(r.selection, image));
    if (first >= 0 && marks[first]?.has(image.digest)) expired.add(image.digest);
  }
  return expired;
}

/**
 * A repository as the pipeline fills it: pushing a tag moves it off whichever image held it, and an
 * image whose last tag moves away stays, untagged, until something expires it.
 */
export class RepositoryModel {
  private readonly images = new Map<string, { tags: Set<string>; pushedAt: Date }>();

  /**
   * Pushes `digest` with `tags` at `at`, or adds the tags to it if it is already there: ECR keeps
   * an image's first push time (`imagePushedAt`) when it gets another tag.
   */
  public push(digest: string, tags: readonly string[], at: Date): void {
    for (const other of this.images.values()) for (const t of tags) other.tags.delete(t);
    const image = this.images.get(digest) ?? { tags: new Set<string>(), pushedAt: at };
    for (const t of tags) image.tags.add(t);
    this.images.set(digest, image);
  }

  /** Moves `tag` to the image that holds `from` now (production-previous before production moves). */
  public retag(from: string, tag: string, at: Date): void {
    const holder = this.holder(from);
    if (holder) this.push(holder, [tag], at);
  }

  /** The digest carrying `tag`, if any. */
  public holder(tag: string): string | undefined {
    for (const [digest, image] of this.images) if (image.tags.has(tag)) return digest;
    return undefined;
  }

  public records(): ImageRecord[] {
    return [...this.images].map(([digest, i]) => ({
      digest,
      tags: [...i.tags].sort(),
      pushedAt: i.pushedAt,
    }));
  }
}
