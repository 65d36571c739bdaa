import { DeployError } from './errors.js';

// registry[:port]/repository[/more]:tag or …@sha256:<64 hex>. A registry host is required: hosts
// pull from ECR (or the demo registry), never from an implied Docker Hub.
const REGISTRY = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?`;
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = 'sha256:[a-f0-9]{64}';
const IMAGE_REF = new RegExp(`^(${REGISTRY})/(${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG})|@(${DIGEST}))$`);

export interface ImageRef {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** Parses `registry/repo:tag` or `registry/repo@sha256:…`; throws a DeployError otherwise. */
export function parseImageRef(value: string): ImageRef {
  const match = IMAGE_REF.exec(value);
  const registry = match?.[1];
  const repository = match?.[2];
  if (!match || registry === undefined || repository === undefined || !/[.:]|^localhost$/.test(registry)) {
    throw new DeployError(
      `malformed image reference "${value}"`,
      'Expected registry/repository:tag or registry/repository@sha256:<64 hex digits>, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service:1.2.3.',
    );
  }
  const ref: ImageRef = { registry, repository };
  if (match[3] !== undefined) ref.tag = match[3];
  if (match[4] !== undefined) ref.digest = match[4];
  return ref;
}
