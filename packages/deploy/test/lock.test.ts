import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDeployLock } from '../src/lock.js';

describe('acquireDeployLock', () => {
  it('refuses a second holder for the same environment, naming the first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const release = await acquireDeployLock(dir, 'staging', 'release');
    await expect(acquireDeployLock(dir, 'staging', 'rollback')).rejects.toThrow(
      new RegExp(`^another deploy of staging is running \\(pid ${process.pid}, release, since `),
    );
    await release();
  });

  it('lets environments proceed independently, and frees the lock on release', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const staging = await acquireDeployLock(dir, 'staging', 'release');
    const production = await acquireDeployLock(dir, 'production', 'release');
    await staging();
    const again = await acquireDeployLock(dir, 'staging', 'release');
    await again();
    await production();
  });
});
