import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DemoSettings, resolveSettings } from '../src/settings.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const standin = fileURLToPath(new URL('./fixtures/standin-service.mjs', import.meta.url));

/** Settings on this suite's own ports (18011-18014, LB 18091/18092) and a throwaway .demo dir. */
export function testSettings(overrides: Record<string, string> = {}): {
  settings: DemoSettings;
  cleanup(): void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipyard-demo-test-'));
  const settings = resolveSettings(
    {
      DEMO_DIR: dir,
      DEMO_INSTANCE_PORTS: '18011,18012,18013,18014',
      DEMO_STAGING_PORT: '18091',
      DEMO_PRODUCTION_PORT: '18092',
      DEMO_CHECK_INTERVAL_MS: '300',
      ...overrides,
    },
    repoRoot,
  );
  return { settings, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts the stand-in service; resolves once it listens. */
export function startStandin(port: number, version: string, drainMs: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [standin], {
    env: { ...process.env, PORT: String(port), APP_VERSION: version, DRAIN_PERIOD_MS: String(drainMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`stand-in on ${port} exited with ${code}`)));
  });
}

/** SIGTERM, then wait for the exit code (the stand-in drains first). */
export function terminate(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
