import { ShipyardError } from '@shipyard/cli-kit';
import type { ImageRecord } from './image-record.js';
import type { ImageTags } from './image-tags.js';
import { RegistryCli } from './registry-cli.js';

/** What a dry run of Promote prints. Pure. */
export function promoteDryRun(tags: ImageTags, repository: string, image: string): string[] {
  return [
    'dry run: after a successful deploy, would move:',
    `  ${repository}:${tags.previous} -> the image ${repository}:${tags.environment} points at now (if any)`,
    ...[tags.environment, ...tags.lines].map((name) => `  ${repository}:${name} -> ${image}`),
    'set DEPLOY=1 to deploy, then promote',
  ];
}

/**
 * Promote: after a successful deploy, the environment tag moves to the deployed digest and its
 * rollback tag to what the environment tag pointed at before; a stable release also moves `X.Y`
 * and `X`. Every tag is a pull, a tag and a push of the deployed digest, nothing is rebuilt, and
 * each push must report that same digest back. Image IDs (config digests) tell whether the
 * environment already runs this image (a re-run), whatever manifest a registry holds for it.
 */
export async function promoteImage(
  record: ImageRecord,
  tags: ImageTags,
  cli: string,
  log: (line: string) => void,
): Promise<void> {
  const registry = await RegistryCli.open(cli, log, record.repository);
  const { repository, digest, image } = record;
  log(`==> Pull ${image}`);
  if (!(await registry.pull(image))) {
    throw new ShipyardError(`${image} is no longer in the registry`, 'Run the pipeline again.');
  }
  const wanted = await registry.imageId(image);

  const moveTo = async (ref: string) => {
    log(`==> Move ${ref} to ${image}`);
    await registry.tag(image, ref);
    const pushed = await registry.push(ref);
    if (pushed !== digest) {
      throw new ShipyardError(
        `${ref} now points at ${pushed}, not at the deployed ${digest}`,
        `The container CLI rewrote the manifest on push; ${ref} holds the same image under another digest.`,
      );
    }
  };

  const environmentRef = `${repository}:${tags.environment}`;
  log(`==> Find the image ${environmentRef} points at`);
  const before = (await registry.pull(environmentRef)) ? await registry.imageId(environmentRef) : undefined;
  if (before === wanted) {
    log(`    ${environmentRef} already points at this image: it and ${tags.previous} stay`);
  } else {
    const previousRef = `${repository}:${tags.previous}`;
    if (before) {
      log(`==> Move ${previousRef} to the image ${environmentRef} pointed at`);
      await registry.tag(environmentRef, previousRef);
      await registry.push(previousRef);
    } else {
      log(`    ${environmentRef} does not exist yet: nothing to keep as ${previousRef}`);
    }
    await moveTo(environmentRef);
  }
  for (const line of tags.lines) await moveTo(`${repository}:${line}`);
}
