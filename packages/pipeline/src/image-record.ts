import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import { environmentSchema, IMAGE_DIGEST } from '@shipyard/contracts';
import { z } from 'zod';
import type { BuildFacts } from './facts.js';

/**
 * What Tag & push hands to Deploy and Promote (reports/pipeline-image.json): the digest the
 * registry holds for this build's image, and then what the deploy did with it. Jenkins runs each
 * stage as its own `make` call in one workspace, so the stages share it through this file.
 */
const recordSchema = z.object({
  ref: z.string().min(1),
  sha: z.string().regex(/^[0-9a-f]{40,64}$/),
  environment: environmentSchema,
  repository: z.string().min(1),
  digest: z.string().regex(IMAGE_DIGEST),
  /** `<repository>@<digest>`: the one reference Deploy and Promote use. */
  image: z.string().min(1),
  /** The tags Tag & push put on it. */
  pushed: z.array(z.string()),
  deploy: z
    .discriminatedUnion('status', [
      z.object({ status: z.literal('deployed'), environment: environmentSchema, image: z.string() }),
      z.object({ status: z.literal('skipped'), reason: z.string() }),
    ])
    .optional(),
});

export type ImageRecord = z.infer<typeof recordSchema>;

export async function writeImageRecord(file: string, record: ImageRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(recordSchema.parse(record), null, 2)}\n`);
}

/** A new Tag & push starts from nothing: a record from an earlier build must never be deployed. */
export async function clearImageRecord(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** The record of this very build, or undefined when there is none; a stale one is an error. */
export async function readImageRecord(file: string, facts: BuildFacts): Promise<ImageRecord | undefined> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = recordSchema.safeParse(parsed);
  if (!result.success) {
    throw new ShipyardError(
      `${file} is not an image record: ${result.error.issues[0]?.message ?? 'not JSON'}`,
      'Delete it and run the Tag & push stage again (`make pipeline-publish PUSH=1`).',
    );
  }
  const record = result.data;
  if (record.sha !== facts.sha || record.ref !== facts.plan.ref) {
    throw new ShipyardError(
      `${file} records the image of ${record.ref} at ${record.sha}, not of this build (${facts.plan.ref} at ${facts.sha})`,
      'Run the Tag & push stage of this build first (`make pipeline-publish PUSH=1`).',
    );
  }
  return record;
}

export const missingImageRecord = (file: string) =>
  new ShipyardError(
    `no image digest recorded for this build in ${file}`,
    'Deploy and Promote use the digest that Tag & push records: run `make pipeline-publish PUSH=1` first.',
  );

/** The record a real Deploy or Promote needs; refuses without one. */
export async function requireImageRecord(
  file: string,
  facts: BuildFacts,
  repository: string | undefined,
): Promise<ImageRecord> {
  const record = await readImageRecord(file, facts);
  if (!record) throw missingImageRecord(file);
  if (repository && repository !== record.repository) {
    throw new ShipyardError(
      `${file} records an image in ${record.repository}, not in ${repository}`,
      'Use the same REPOSITORY (ECR_REPOSITORY_URL) for every stage.',
    );
  }
  return record;
}
