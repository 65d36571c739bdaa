// The e2e's test-only fault injector (demo/fault-injector.mjs) in a real Node process with a
// real HTTP server, loaded the way images D and E load it: NODE_OPTIONS=--import=...
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const injector = fileURLToPath(new URL('../../../demo/fault-injector.mjs', import.meta.url));
const server = `require('node:http').createServer((q, s) => { s.writeHead(200); s.end(JSON.stringify({ version: 'ok' })); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
let child: ChildProcess | undefined;

async function start(env: Record<string, string>): Promise<string> {
  child = spawn(process.execPath, ['-e', server], {
    env: { ...process.env, NODE_OPTIONS: `--import=file://${injector}`, APP_VERSION: 'd', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) =>
    child?.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  return `http://127.0.0.1:${port}`;
}

afterEach(() => {
  child?.kill();
});

describe('the fault injector', () => {
  it('answers 500 on that share of GET / and leaves /health alone', async () => {
    const url = await start({ SHIPYARD_FAULT_ROOT_500_SHARE: '0.3' });
    const statuses: number[] = [];
    for (let i = 0; i < 100; i += 1) statuses.push((await fetch(`${url}/`)).status);
    expect(statuses.filter((s) => s === 500)).toHaveLength(30);
    expect(statuses.filter((s) => s === 200)).toHaveLength(70);
    // A faulty answer still names the version, so the load counts it under the release.
    let body: unknown;
    for (let i = 0; body === undefined && i < 10; i += 1) {
      const res = await fetch(`${url}/`);
      if (res.status === 500) body = await res.json();
      else await res.arrayBuffer();
    }
    expect(body).toMatchObject({ version: 'd' });
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('makes /health 503 only on the named host', async () => {
    const bad = await start({ SHIPYARD_FAULT_UNHEALTHY_ON: 'staging-2', SHIPYARD_DEMO_HOST: 'staging-2' });
    expect((await fetch(`${bad}/health`)).status).toBe(503);
    expect((await fetch(`${bad}/`)).status).toBe(200);
    child?.kill();
    const good = await start({ SHIPYARD_FAULT_UNHEALTHY_ON: 'staging-2', SHIPYARD_DEMO_HOST: 'staging-1' });
    expect((await fetch(`${good}/health`)).status).toBe(200);
  });

  it('changes nothing without its variables', async () => {
    const url = await start({});
    for (let i = 0; i < 20; i += 1) expect((await fetch(`${url}/`)).status).toBe(200);
  });
});
