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

/**
 * Reads a failed `manifest inspect`: true when the registry said the tag does not exist, false for
 * anything else (no credentials, no network), which must not be mistaken for "safe to push".
 */
export function isManifestMissing(stderr: string): boolean {
  const text = stderr.toLowerCase();
  return ['no such manifest', 'manifest unknown', 'not found', 'manifest_unknown'].some((s) =>
    text.includes(s),
  );
}
