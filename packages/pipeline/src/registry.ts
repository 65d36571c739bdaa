import type { ImageTag } from './image-tags.js';

/** One command the push step runs, kept apart from running it so tests can assert the argv. */
export interface PushStep {
  readonly kind: 'check' | 'tag' | 'push';
  /** Full image reference this step is about. */
  readonly ref: string;
  readonly argv: string[];
}

/**
 * The commands that publish `localImage` under every tag in `repository`.
 *
 * Immutable tags (release versions) are first looked up with `<cli> manifest inspect <ref>`.
 * That one command works against ECR (through the ECR credential helper or `docker login`) and
 * any plain registry, with both docker and podman, and needs no extra tool such as skopeo or
 * the AWS CLI. Immutable tags are pushed before the moving ones, so a refused release leaves
 * `staging`, `X.Y` and `X` where they were.
 */
export function pushSteps(cli: string, localImage: string, repository: string, tags: ImageTag[]): PushStep[] {
  const ordered = [...tags.filter((t) => t.immutable), ...tags.filter((t) => !t.immutable)];
  const steps: PushStep[] = [];
  for (const tag of ordered) {
    const ref = `${repository}:${tag.name}`;
    if (tag.immutable) steps.push({ kind: 'check', ref, argv: [cli, 'manifest', 'inspect', ref] });
    steps.push({ kind: 'tag', ref, argv: [cli, 'tag', localImage, ref] });
    steps.push({ kind: 'push', ref, argv: [cli, 'push', ref] });
  }
  return steps;
}

export type TagState = 'exists' | 'missing' | 'unknown';

/**
 * Reads the result of `manifest inspect`. Missing is only what the registry says is missing;
 * any other failure (no credentials, no network) is unknown and must not be taken as "safe to push".
 * Podman 4 cannot show a single-image manifest and says so, which still proves the tag exists.
 */
export function tagState(exitCode: number, stderr: string): TagState {
  if (exitCode === 0) return 'exists';
  const text = stderr.toLowerCase();
  if (text.includes('treating single images as manifest lists is not implemented')) return 'exists';
  const missing = ['no such manifest', 'manifest unknown', 'manifest_unknown', 'name unknown', 'not found'];
  return missing.some((s) => text.includes(s)) ? 'missing' : 'unknown';
}
