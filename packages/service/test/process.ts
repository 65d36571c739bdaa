import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const dist = join(packageDir, 'dist');

/** Compiles the package when `dist` is missing, so the process tests also run on their own. */
export function ensureBuilt(): void {
  if (!existsSync(join(dist, 'server.js')) || !existsSync(join(dist, 'healthcheck.js'))) {
    execFileSync('pnpm', ['exec', 'tsc', '-b'], { cwd: packageDir, stdio: 'inherit' });
  }
}

export interface RunningServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly logs: Record<string, unknown>[];
  readonly exited: Promise<number | null>;
  waitForLog(msg: RegExp): Promise<Record<string, unknown>>;
}

const started = new Set<ChildProcess>();

/** Kills every server a test started and left running (a failed assertion, say). */
export function killLeftovers(): void {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

/**
 * Starts the built server on a free loopback port and resolves once it listens.
 * `via: 'pnpm'` starts it the documented way, `pnpm --dir packages/service start`,
 * so signals go to pnpm as they do when a user or a supervisor runs that command.
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  via: 'node' | 'pnpm' = 'node',
): Promise<RunningServer> {
  const [command, args] =
    via === 'pnpm' ? ['pnpm', ['--dir', packageDir, 'start']] : [process.execPath, [join(dist, 'server.js')]];
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  const logs: Record<string, unknown>[] = [];
  const waiters: { msg: RegExp; resolve: (line: Record<string, unknown>) => void }[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    // pnpm prints a banner before the service's JSON lines; only JSON lines are logs.
    for (const text of lines.filter((candidate) => candidate.startsWith('{'))) {
      const line = JSON.parse(text) as Record<string, unknown>;
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.msg.test(String(line.msg))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForLog = (msg: RegExp) => {
    const seen = logs.find((line) => msg.test(String(line.msg)));
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve) => waiters.push({ msg, resolve }));
  };
  const listening = await waitForLog(/^listening/);
  return { child, port: Number(listening.port), logs, exited, waitForLog };
}

/** Whether a TCP connection to the port is accepted right now. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
