import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import lockfile from 'proper-lockfile';

export interface LockHolder {
  pid: number;
  command: string;
  since: string;
}

// A crashed deploy leaves a lock that goes stale after this long; a live one refreshes it.
const STALE_MS = 30_000;

/** Takes the per-environment deploy lock; resolves to its release function. */
export async function acquireDeployLock(
  dir: string,
  env: string,
  command: string,
): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, env);
  const holderFile = `${target}.holder.json`;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, {
      realpath: false,
      stale: STALE_MS,
      update: STALE_MS / 3,
      onCompromised: (error) => {
        process.stderr.write(`warning: the deploy lock for ${env} was compromised: ${error.message}\n`);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await readHolder(holderFile);
    const who = holder ? ` (pid ${holder.pid}, ${holder.command}, since ${holder.since})` : '';
    throw new ShipyardError(
      `another deploy of ${env} is running${who}`,
      `Wait for it to finish; a lock left by a crashed deploy expires ${STALE_MS / 1000} s after it stopped (${target}.lock).`,
    );
  }
  const holder: LockHolder = { pid: process.pid, command, since: new Date().toISOString() };
  await writeFile(holderFile, `${JSON.stringify(holder)}\n`);
  return async () => {
    await rm(holderFile, { force: true });
    await release();
  };
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}
