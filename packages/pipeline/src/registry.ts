/**
 * The registry commands of the pipeline, as argv, kept apart from running them (registry-cli.ts)
 * so tests can assert them. Every one is a plain docker or podman command: it works against ECR
 * (through the ECR credential helper or `docker login`) and any registry, with no extra tool
 * (skopeo, the AWS CLI).
 */

/** docker and podman differ in one thing the pipeline needs: how a push reports its digest. */
export type CliFlavour = 'docker' | 'podman';

/** Reads `<cli> --version`; podman-docker's `docker` is podman too. */
export function cliFlavour(versionOutput: string): CliFlavour {
  return /podman/i.test(versionOutput) ? 'podman' : 'docker';
}

/** A registry on this machine, which speaks plain HTTP (the demo's, the tests'). */
export const isLoopbackRegistry = (ref: string): boolean =>
  /^(127\.\d+\.\d+\.\d+|localhost)(:\d+)?\//.test(ref);

/**
 * Asks the registry whether a tag exists, without pulling it. docker's client talks to the
 * registry itself and, against a plain-HTTP one, answers "no such manifest" for a tag that
 * exists unless told `--insecure` (which it only needs on loopback: ECR is HTTPS); podman reads
 * registries.conf.
 */
export const manifestInspectArgs = (cli: string, ref: string, flavour: CliFlavour = 'docker'): string[] => [
  cli,
  'manifest',
  'inspect',
  ...(flavour === 'docker' && isLoopbackRegistry(ref) ? ['--insecure'] : []),
  ref,
];

export const pullArgs = (cli: string, ref: string): string[] => [cli, 'pull', '--quiet', ref];

export const tagArgs = (cli: string, source: string, target: string): string[] => [
  cli,
  'tag',
  source,
  target,
];

/** The local image ID (the config digest): equal IDs are the same bytes. */
export const imageIdArgs = (cli: string, ref: string): string[] => [
  cli,
  'image',
  'inspect',
  '--format',
  '{{.Id}}',
  ref,
];

/**
 * Pushes a tag. The digest must be the registry's, the digest of the manifest the push wrote:
 * podman writes it to `--digestfile`; docker prints `<tag>: digest: sha256:… size: N` (parsed by
 * `digestFromPushOutput`). `inspect .RepoDigests` is no substitute: podman lists there the digest
 * of its local, uncompressed manifest, which the registry never sees.
 */
export function pushArgs(cli: string, flavour: CliFlavour, ref: string, digestFile: string): string[] {
  return flavour === 'podman' ? [cli, 'push', '--digestfile', digestFile, ref] : [cli, 'push', ref];
}

const DIGEST = /\bdigest: (sha256:[a-f0-9]{64})\b/;

/** The digest in `docker push`'s last lines, e.g. `1.2.3: digest: sha256:… size: 528`. */
export function digestFromPushOutput(stdout: string): string | undefined {
  return stdout
    .split('\n')
    .map((line) => DIGEST.exec(line)?.[1])
    .filter((d) => d !== undefined)
    .at(-1);
}

/** The pullable, immutable reference of a pushed image. */
export const digestRef = (repository: string, digest: string): string => `${repository}@${digest}`;

export type TagState = 'exists' | 'missing' | 'unknown';

/**
 * Reads the result of `manifest inspect` or `pull`. Missing is only what the registry says is
 * missing; any other failure (no credentials, no network) is unknown and must not be taken as
 * "safe to push". Podman 4 cannot show some single-image manifests and says so, which still
 * proves the tag exists.
 */
export function tagState(exitCode: number, stderr: string): TagState {
  if (exitCode === 0) return 'exists';
  const text = stderr.toLowerCase();
  if (text.includes('treating single images as manifest lists is not implemented')) return 'exists';
  const missing = ['no such manifest', 'manifest unknown', 'manifest_unknown', 'name unknown', 'not found'];
  return missing.some((s) => text.includes(s)) ? 'missing' : 'unknown';
}

/** An ECR registry host: `<account>.dkr.ecr.<region>.amazonaws.com` (or `.com.cn`). */
const ECR_HOST = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * The docker client config that sends ECR's credentials through the ECR credential helper, for
 * the repository's registry only: the build agent has the helper and an instance role, and no
 * `docker login` is ever run. Undefined when the repository is not on ECR.
 */
export function ecrDockerConfig(repository: string): { credHelpers: Record<string, string> } | undefined {
  const host = repository.split('/')[0] ?? '';
  return ECR_HOST.test(host) ? { credHelpers: { [host]: 'ecr-login' } } : undefined;
}
