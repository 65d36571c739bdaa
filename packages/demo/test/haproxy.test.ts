import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureHaproxy,
  haproxyCommand,
  haproxyPaths,
  renderHaproxyConfig,
  serverStatus,
  stopHaproxy,
} from '../src/haproxy.js';
import { type DemoHost, renderInventory } from '../src/inventory.js';
import { startLoad } from '../src/load.js';
import { waitFor } from '../src/process.js';
import type { DemoSettings } from '../src/settings.js';
import { repoRoot, startStandin, terminate, testSettings } from './helpers.js';

const template = readFileSync(path.join(repoRoot, 'demo', 'haproxy.cfg.tmpl'), 'utf8');
const inventory = readFileSync(path.join(repoRoot, 'demo', 'inventory.yml'), 'utf8');

describe('renderHaproxyConfig', () => {
  const { settings, cleanup } = testSettings();
  afterAll(cleanup);
  const { hosts } = renderInventory(inventory, settings);

  it('lists the environment’s inventory hosts as servers, checked on /health expecting 200', () => {
    const cfg = renderHaproxyConfig(template, settings, 'production', hosts);
    expect(cfg).toContain('  server production-1 127.0.0.1:18013\n  server production-2 127.0.0.1:18014');
    expect(cfg).not.toContain('staging-1');
    expect(cfg).toContain('http-check send meth GET uri /health');
    expect(cfg).toContain('http-check expect status 200');
    expect(cfg).toContain('bind 127.0.0.1:18092');
    expect(cfg).toContain(`stats socket ${path.join(settings.dir, 'haproxy', 'production.sock')}`);
    expect(cfg).toContain('rise 2 fall 2');
    expect(cfg).not.toMatch(/\{\{/);
  });

  it('refuses a template with an unknown placeholder', () => {
    expect(() => renderHaproxyConfig('{{nope}}', settings, 'staging', hosts)).toThrow(
      /unknown placeholder \{\{nope\}\}/,
    );
  });
});

// The real thing: HAProxy from apt in front of two stand-in services, one of them replaced
// under fixed-rate load in each of the two ways a deploy can take a host out.
describe('HAProxy in front of two servers (real haproxy)', () => {
  let settings: DemoSettings;
  let cleanup: () => void;
  let hosts: DemoHost[];
  const servers = new Map<string, ChildProcess>();
  const socket = () => haproxyPaths(settings, 'staging').socket;
  const allUp = async () => [...(await serverStatus(socket(), 'staging')).values()].every((s) => s === 'UP');

  beforeAll(async () => {
    ({ settings, cleanup } = testSettings());
    hosts = renderInventory(inventory, settings).hosts.filter((h) => h.env === 'staging');
    for (const h of hosts) servers.set(h.name, await startStandin(h.port, 'A', 1500));
    expect(await ensureHaproxy(settings, 'staging', hosts)).toBe('started');
    await waitFor('both servers UP', allUp, 10_000);
  });

  afterAll(async () => {
    await stopHaproxy(settings, 'staging');
    await Promise.all([...servers.values()].map(terminate));
    cleanup();
  });

  it('is idempotent: the same config leaves the running HAProxy alone', async () => {
    expect(await ensureHaproxy(settings, 'staging', hosts)).toBe('unchanged');
  });

  it('loses no request when a server drains through /health (SIGTERM, 503, exit) and comes back', async () => {
    const load = startLoad({ url: 'http://127.0.0.1:18091/', rate: 100, minDurationMs: 4000 });
    const first = hosts[0] as DemoHost;
    expect(await terminate(servers.get(first.name) as ChildProcess)).toBe(0);
    servers.set(first.name, await startStandin(first.port, 'B', 1500));
    await waitFor('the replaced server UP', allUp, 10_000);
    const report = await load.stop();
    expect(report.sent).toBeGreaterThan(300);
    expect(report.failed).toBe(0);
    expect(report.versions.B).toBeGreaterThan(0);
  });

  it('loses no request when a server is put in maintenance through the admin socket, killed, and re-enabled', async () => {
    const load = startLoad({ url: 'http://127.0.0.1:18091/', rate: 100, minDurationMs: 4000 });
    const second = hosts[1] as DemoHost;
    await haproxyCommand(socket(), `set server staging/${second.name} state maint`);
    expect((await serverStatus(socket(), 'staging')).get(second.name)).toBe('MAINT');
    // No drain at all: anything still reaching it must be retried elsewhere by HAProxy.
    (servers.get(second.name) as ChildProcess).kill('SIGKILL');
    servers.set(second.name, await startStandin(second.port, 'B', 1500));
    await haproxyCommand(socket(), `set server staging/${second.name} state ready`);
    await waitFor('the re-enabled server UP', allUp, 10_000);
    const report = await load.stop();
    expect(report.sent).toBeGreaterThan(300);
    expect(report.failed).toBe(0);
    expect(report.versions.B).toBeGreaterThan(300);
  });

  it('loses no request even when a server dies without draining (retries + redispatch)', async () => {
    const load = startLoad({ url: 'http://127.0.0.1:18091/', rate: 200, minDurationMs: 4000 });
    await new Promise((r) => setTimeout(r, 500));
    const first = hosts[0] as DemoHost;
    (servers.get(first.name) as ChildProcess).kill('SIGKILL');
    // It stays dead for several check intervals: requests still routed to it must be retried.
    await new Promise((r) => setTimeout(r, 1500));
    servers.set(first.name, await startStandin(first.port, 'B', 1500));
    await waitFor('the restarted server UP', allUp, 10_000);
    const report = await load.stop();
    expect(report.sent).toBeGreaterThan(600);
    expect(report.failed).toBe(0);
  });

  it('reloads in place when the config changes, keeping the listener', async () => {
    const moved = hosts.map((h, i) => (i === 0 ? { ...h, port: 18015 } : h));
    const first = hosts[0] as DemoHost;
    const old = servers.get(first.name) as ChildProcess;
    servers.set(first.name, await startStandin(18015, 'C', 500));
    const load = startLoad({ url: 'http://127.0.0.1:18091/', rate: 50, minDurationMs: 3000 });
    expect(await ensureHaproxy(settings, 'staging', moved)).toBe('reloaded');
    await waitFor('the moved server to answer through HAProxy', allUp, 10_000);
    const report = await load.stop();
    await terminate(old);
    expect(report.failed).toBe(0);
    expect(report.versions.C).toBeGreaterThan(0);
  });
});
