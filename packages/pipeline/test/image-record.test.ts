import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildFacts } from '../src/facts.js';
import {
  clearImageRecord,
  type ImageRecord,
  readImageRecord,
  requireImageRecord,
  writeImageRecord,
} from '../src/image-record.js';
import { imageTags } from '../src/image-tags.js';
import { planRef } from '../src/ref.js';

const SHA = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const OTHER = 'ffffffffffffffffffffffffffffffffffffffff';
const REPOSITORY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

const facts = (sha: string): BuildFacts => {
  const plan = planRef({ branch: 'develop' });
  return { plan, sha, version: '1.0.1-develop.1.g1a2b3c4', tags: imageTags(plan, sha) };
};
const record: ImageRecord = {
  ref: 'develop',
  sha: SHA,
  environment: 'staging',
  repository: REPOSITORY,
  digest: DIGEST,
  image: `${REPOSITORY}@${DIGEST}`,
  pushed: [SHA],
};

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipyard-record-'));
  file = join(dir, 'reports/pipeline-image.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the image record Tag & push hands to Deploy and Promote', () => {
  it('round-trips for the build that wrote it', async () => {
    await writeImageRecord(file, record);
    expect(await readImageRecord(file, facts(SHA))).toEqual(record);
  });

  it('refuses the record of another commit: a reused workspace never deploys an older build', async () => {
    await writeImageRecord(file, record);
    await expect(readImageRecord(file, facts(OTHER))).rejects.toThrow(
      `records the image of develop at ${SHA}, not of this build (develop at ${OTHER})`,
    );
  });

  it('is required for a real Deploy or Promote, and names the stage to run first', async () => {
    await expect(requireImageRecord(file, facts(SHA), REPOSITORY)).rejects.toThrow(
      `no image digest recorded for this build in ${file}`,
    );
    await writeImageRecord(file, record);
    await expect(requireImageRecord(file, facts(SHA), 'elsewhere.example.com/svc')).rejects.toThrow(
      `records an image in ${REPOSITORY}, not in elsewhere.example.com/svc`,
    );
    await clearImageRecord(file);
    expect(await readImageRecord(file, facts(SHA))).toBeUndefined();
  });

  it('rejects a file that is not a record, and a digest that is not one', async () => {
    await writeImageRecord(file, record);
    await writeFile(file, '{"ref": "develop"');
    await expect(readImageRecord(file, facts(SHA))).rejects.toThrow('is not an image record');
    await writeFile(file, JSON.stringify({ ...record, digest: 'sha256:short' }));
    await expect(readImageRecord(file, facts(SHA))).rejects.toThrow('is not an image record');
  });
});
