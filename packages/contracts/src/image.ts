/**
 * Image references and tags, as Docker's reference grammar defines them
 * (github.com/distribution/reference), narrowed to what the pipeline ships: a registry host is
 * required, so a host never pulls from an implied Docker Hub.
 */

/** A tag: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A content digest as registries give it. */
export const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

const HOST_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const REGISTRY = `${HOST_LABEL}(?:\\.${HOST_LABEL})*(?::[0-9]{1,5})?`;
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';

/** `registry[:port]/repository[/more]` followed by `:tag`, `@sha256:…` or both. */
export const IMAGE_REFERENCE = new RegExp(
  `^(${REGISTRY})/(${COMPONENT}(?:/${COMPONENT})*)(?::(${IMAGE_TAG.source.slice(1, -1)}))?(?:@(${IMAGE_DIGEST.source.slice(1, -1)}))?$`,
);

export interface ImageRef {
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** An example for messages that ask for a reference. */
export const IMAGE_REFERENCE_EXAMPLE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service:1.2.3';

/**
 * Parses a pullable reference: a registry host (with a dot or a port, or `localhost`), a
 * repository, and a tag or a digest. Undefined for anything else.
 */
export function parseImageRef(value: string): ImageRef | undefined {
  const match = IMAGE_REFERENCE.exec(value);
  const [, registry, repository, tag, digest] = match ?? [];
  if (!registry || !repository || (tag === undefined && digest === undefined)) return undefined;
  if (!/[.:]/.test(registry) && registry !== 'localhost') return undefined;
  return {
    registry,
    repository,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

export function isImageTag(value: string): boolean {
  return IMAGE_TAG.test(value);
}

/**
 * A release tag in git: `v` + a semantic version, with an optional pre-release and no build
 * metadata (`+` cannot be in an image tag), e.g. `v1.2.3` or `v1.2.3-rc.1`.
 */
export const RELEASE_TAG =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/;

export function isReleaseTag(value: string): boolean {
  return RELEASE_TAG.test(value);
}
