import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';
import { execa } from 'execa';
import type { DemoHost } from './inventory.js';
import { ownedPid, startDetached, stopOwned, waitFor } from './process.js';
import type { DemoSettings } from './settings.js';

/** Where one environment's HAProxy keeps its files under .demo/haproxy/. */
export function haproxyPaths(settings: DemoSettings, env: Environment) {
  const dir = path.join(settings.dir, 'haproxy');
  return {
    dir,
    config: path.join(dir, `${env}.cfg`),
    socket: path.join(dir, `${env}.sock`),
    pid: path.join(dir, `${env}.pid`),
    log: path.join(dir, `${env}.log`),
  };
}

/** Fills demo/haproxy.cfg.tmpl for one environment. Pure; every placeholder must be known. */
export function renderHaproxyConfig(
  template: string,
  settings: DemoSettings,
  env: Environment,
  hosts: readonly DemoHost[],
): string {
  const servers = hosts
    .filter((h) => h.env === env)
    .map((h) => `  server ${h.name} 127.0.0.1:${h.port}`)
    .join('\n');
  const values: Record<string, string> = {
    env,
    socket: haproxyPaths(settings, env).socket,
    bind: `127.0.0.1:${settings.lbPorts[env]}`,
    checkInterval: `${settings.check.intervalMs}ms`,
    rise: String(settings.check.rise),
    fall: String(settings.check.fall),
    servers,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined)
      throw new ShipyardError(`demo/haproxy.cfg.tmpl uses unknown placeholder {{${key}}}`);
    return value;
  });
}

/** Asks the admin socket a question; resolves with the whole answer. */
export function haproxyCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket);
    let answer = '';
    conn.setEncoding('utf8');
    conn.setTimeout(5000, () => conn.destroy(new Error(`HAProxy socket ${socket} did not answer`)));
    conn.on('connect', () => conn.end(`${command}\n`));
    conn.on('data', (chunk: string) => {
      answer += chunk;
    });
    conn.on('end', () => resolve(answer));
    conn.on('error', reject);
  });
}

/** Server name → status (UP, DOWN, MAINT, DRAIN, "UP 1/2", ...) for one backend. */
export async function serverStatus(socket: string, backend: string): Promise<Map<string, string>> {
  const csv = await haproxyCommand(socket, 'show stat');
  const lines = csv.split('\n').filter((l) => l.length > 0);
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  const col = (name: string) => header.indexOf(name);
  const result = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const svname = f[col('svname')];
    if (f[col('pxname')] === backend && svname && svname !== 'BACKEND' && svname !== 'FRONTEND') {
      result.set(svname, f[col('status')] ?? '');
    }
  }
  return result;
}

/**
 * Renders, checks and (re)starts one environment's HAProxy. Idempotent: a running HAProxy with
 * the same config is left alone (a reload would reset server states the deploy role set); a
 * changed config is reloaded in place through the master process, which keeps the listener.
 */
export async function ensureHaproxy(
  settings: DemoSettings,
  env: Environment,
  hosts: readonly DemoHost[],
): Promise<'started' | 'reloaded' | 'unchanged'> {
  const p = haproxyPaths(settings, env);
  await mkdir(p.dir, { recursive: true });
  const template = await readFile(path.join(settings.root, 'demo', 'haproxy.cfg.tmpl'), 'utf8');
  const config = renderHaproxyConfig(template, settings, env, hosts);
  const previous = existsSync(p.config) ? await readFile(p.config, 'utf8') : undefined;
  const staged = `${p.config}.new`;
  await writeFile(staged, config);
  const check = await execa('haproxy', ['-c', '-q', '-f', staged], { reject: false });
  if (check.exitCode !== 0) {
    throw new ShipyardError(
      `HAProxy rejected the ${env} config: ${(check.stderr || check.stdout).split('\n')[0]}`,
      `See ${staged}.`,
    );
  }
  await writeFile(p.config, config);
  const pid = await ownedPid(p.pid, p.config);
  if (pid !== undefined && previous === config) return 'unchanged';
  if (pid !== undefined) {
    process.kill(pid, 'SIGUSR2');
    return 'reloaded';
  }
  // -W: master-worker, so SIGUSR2 reloads without dropping the listening socket.
  const started = startDetached(['haproxy', '-W', '-f', p.config, '-p', p.pid], p.log, settings.root);
  await waitFor(
    `HAProxy (${env}) to listen on its admin socket`,
    async () => (await haproxyCommand(p.socket, 'show info')).includes('Name: HAProxy'),
    10_000,
  ).catch(async (err: Error) => {
    const log = await readFile(p.log, 'utf8').catch(() => '');
    throw new ShipyardError(
      `HAProxy (${env}, pid ${started}) did not start: ${err.message}`,
      log.slice(-500),
    );
  });
  return 'started';
}

export async function stopHaproxy(settings: DemoSettings, env: Environment): Promise<boolean> {
  const p = haproxyPaths(settings, env);
  return stopOwned(p.pid, p.config);
}
