import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { formatDuration, ShipyardError } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';

/**
 * Who holds an environment's deploy lock: written to holder.json in the lock directory on the
 * environment's first host (ansible/lock.yml), so every deployer of that environment sees it.
 */
export interface LockHolder {
  /** Random per run: a deploy releases the lock only while it is still its own. */
  readonly id: string;
  /** user@machine */
  readonly who: string;
  readonly pid: number;
  /** ISO 8601 */
  readonly since: string;
  /** rollout, rollback, reconcile, provision */
  readonly command: string;
  /** The image being rolled out, when there is one. */
  readonly image?: string | undefined;
  /** The checkout the deploy CLI ran from. */
  readonly cwd?: string | undefined;
}

/** The lock as lock.yml reads it. `holder` may be partial (a file written by hand, or none). */
export interface LockState {
  readonly held: boolean;
  readonly holder: Partial<LockHolder>;
}

export function me(): string {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep $USER.
  }
  return `${user}@${hostname()}`;
}

export function newHolder(
  command: string,
  image: string | undefined,
  cwd: string,
  now = new Date(),
): LockHolder {
  return { id: randomUUID(), who: me(), pid: process.pid, since: now.toISOString(), command, image, cwd };
}

/** "root@ci (rollout of …:1.2.0, pid 4242, since 2025-01-01T10:00:00.000Z, 3 min ago, from /srv/x)". */
export function describeHolder(holder: Partial<LockHolder>, now = new Date()): string {
  const what = holder.command
    ? holder.image
      ? `${holder.command} of ${holder.image}`
      : holder.command
    : undefined;
  const since = holder.since ? Date.parse(holder.since) : Number.NaN;
  const details = [
    what,
    holder.pid !== undefined ? `pid ${holder.pid}` : undefined,
    Number.isNaN(since)
      ? undefined
      : `since ${holder.since}, ${formatDuration(Math.max(0, now.getTime() - since))} ago`,
    holder.cwd ? `from ${holder.cwd}` : undefined,
  ].filter(Boolean);
  return `${holder.who ?? 'someone unknown'}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}

/** The one line a second deployer gets. */
export function lockRefusal(env: Environment, holder: Partial<LockHolder>, now = new Date()): ShipyardError {
  return new ShipyardError(
    `${env} is locked by ${describeHolder(holder, now)}`,
    `Wait for it to finish. If that deploy is gone for good, free the lock with \`deploy lock release --env ${env}\``,
  );
}

/**
 * A lock left by a deploy that died on this very machine (killed hard: no chance to release it)
 * may be taken over. Across machines nobody can tell a dead deploy from a slow one.
 */
export function isStale(
  holder: Partial<LockHolder>,
  self: string,
  isAlive: (pid: number) => boolean,
): boolean {
  return holder.who === self && typeof holder.pid === 'number' && !isAlive(holder.pid);
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
