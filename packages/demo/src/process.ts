import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';

/**
 * Background processes the demo owns (registry, HAProxy) are tracked by pid file. A pid counts
 * as ours only while its command line still names our config file, so a recycled pid is never
 * signalled.
 */
export async function ownedPid(pidFile: string, marker: string): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number((await readFile(pidFile, 'utf8')).trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
    return cmdline.includes(marker) ? pid : undefined;
  } catch {
    // No /proc (macOS): fall back to "is the pid alive".
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }
}

/** Starts a detached background process with its output in a log file; returns its pid. */
export function startDetached(argv: readonly string[], logFile: string, cwd: string): number {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error('empty argv');
  const out = openSync(logFile, 'a');
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', out, out] });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  child.unref();
  return child.pid;
}

/** Sends SIGTERM to an owned process and waits (bounded) for it to go. */
export async function stopOwned(pidFile: string, marker: string, timeoutMs = 10_000): Promise<boolean> {
  const pid = await ownedPid(pidFile, marker);
  if (pid === undefined) {
    await rm(pidFile, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (await ownedPid(pidFile, marker)) !== undefined) {
    await sleep(100);
  }
  if ((await ownedPid(pidFile, marker)) !== undefined) process.kill(pid, 'SIGKILL');
  await rm(pidFile, { force: true });
  return true;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or the deadline passes. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
