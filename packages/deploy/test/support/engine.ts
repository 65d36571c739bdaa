import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** A Docker-compatible engine API endpoint (DOCKER_HOST). */
export interface Engine {
  dockerHost: string;
  socketPath: string;
}

export function engineFrom(dockerHost: string | undefined): Engine {
  if (!dockerHost) {
    throw new Error(
      'No container engine: DOCKER_HOST is not set. Start Docker, or on this machine `source .ci/containers.sh` (podman).',
    );
  }
  if (!dockerHost.startsWith('unix://')) {
    throw new Error(
      `DOCKER_HOST=${dockerHost}: these tests speak to a unix socket engine only (unix:///path).`,
    );
  }
  return { dockerHost, socketPath: dockerHost.slice('unix://'.length) };
}

/** A request to the engine API; resolves to status and parsed body. */
export function engineApi(
  engine: Engine,
  method: string,
  path: string,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: engine.socketPath, method, path, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not every endpoint answers JSON (/_ping says "OK").
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export async function pingEngine(engine: Engine): Promise<boolean> {
  try {
    return (await engineApi(engine, 'GET', '/_ping')).status === 200;
  } catch {
    return false;
  }
}

export async function isPodman(engine: Engine): Promise<boolean> {
  const { body } = await engineApi(engine, 'GET', '/version');
  const components = (body as { Components?: { Name: string }[] }).Components ?? [];
  return components.some((component) => component.Name.includes('Podman'));
}

/** Polls until `check` holds; throws `what` after the deadline. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A background process the test owns; stopped by its own pid. */
export function startProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.on('exit', (code) => {
    if (code !== null && code !== 0) process.stderr.write(`${command} exited ${code}: ${stderr}\n`);
  });
  return child;
}

export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}
