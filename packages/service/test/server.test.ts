import { execFile, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accepts, dist, ensureBuilt, killLeftovers, startServer } from './process.js';

const run = promisify(execFile);

beforeAll(() => ensureBuilt(), 120_000);
afterEach(killLeftovers);

async function eventually(check: () => Promise<boolean>, timeoutMs = 1000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(20);
  }
  return false;
}

describe('the built server, as a child process', () => {
  it('drains on SIGTERM: /health turns 503, the in-flight request completes, exit code 0', async () => {
    const server = await startServer({ DRAIN_PERIOD_MS: '800', SHUTDOWN_TIMEOUT_MS: '5000' });

    // A slow client: headers and half the body now, the rest only after the listener closed.
    const slow = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => slow.once('connect', resolve));
    let response = '';
    slow.on('data', (chunk: Buffer) => {
      response += chunk.toString();
    });
    const slowDone = new Promise((resolve) => slow.once('close', resolve));
    slow.write(
      'GET / HTTP/1.1\r\nHost: test\r\nContent-Type: application/octet-stream\r\nContent-Length: 10\r\n\r\nhello',
    );
    await sleep(100);

    server.child.kill('SIGTERM');
    await server.waitForLog(/^draining/);
    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'draining' });
    // Still serving during the drain period.
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(200);

    await server.waitForLog(/^closing/);
    // The kernel may still complete a handshake in the instant before the listener's fd closes.
    expect(await eventually(async () => !(await accepts(server.port)))).toBe(true);
    expect(server.child.exitCode).toBeNull();

    slow.write('world');
    await slowDone;
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response).toContain('"message":"Hello from shipyard"');

    expect(await server.exited).toBe(0);
    const messages = server.logs.map((line) => String(line.msg));
    const order = ['received SIGTERM', 'draining', 'GET /health 503', 'closing', 'GET / 200', 'stopped'];
    const positions = order.map((start) => messages.findLastIndex((msg) => msg.startsWith(start)));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  }, 20_000);

  it('drains the same when started the documented way, `pnpm start`, and pnpm gets the SIGTERM', async () => {
    const server = await startServer({ DRAIN_PERIOD_MS: '800', SHUTDOWN_TIMEOUT_MS: '5000' }, 'pnpm');
    server.child.kill('SIGTERM');
    await server.waitForLog(/^draining/);
    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(health.status).toBe(503);
    await server.waitForLog(/^stopped/);
    // pnpm exits with the service's own code, so no orphaned server is left listening.
    expect(await server.exited).toBe(0);
    expect(await eventually(async () => !(await accepts(server.port)))).toBe(true);
  }, 20_000);

  it('exits 1 when requests outlast the shutdown timeout', async () => {
    const server = await startServer({ DRAIN_PERIOD_MS: '0', SHUTDOWN_TIMEOUT_MS: '300' });
    const stuck = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => stuck.once('connect', resolve));
    stuck.write('GET / HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nhel');
    await sleep(100);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(server.logs.map((line) => line.msg)).toContain(
      'shutdown timed out: closing the connections still open',
    );
    stuck.destroy();
  }, 20_000);

  it('the image health check says healthy while serving and unhealthy while draining', async () => {
    const server = await startServer({ DRAIN_PERIOD_MS: '2000' });
    const probe = () =>
      run(process.execPath, [join(dist, 'healthcheck.js')], {
        env: { PATH: process.env.PATH, PORT: String(server.port), HOST: '127.0.0.1' },
      }).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      );
    expect(await probe()).toBe(0);
    server.child.kill('SIGTERM');
    await server.waitForLog(/^draining/);
    expect(await probe()).toBe(1);
    expect(await server.exited).toBe(0);
    // Nothing was in flight, so closing and stopping follow each other within a tick: the
    // asynchronous log writes must still land in order, and all of them before the exit.
    const messages = server.logs.map((line) => String(line.msg));
    expect(
      messages.filter((msg) => /^(draining|closing|stopped)/.test(msg)).map((msg) => msg.split(':')[0]),
    ).toEqual(['draining', 'closing', 'stopped']);
  }, 20_000);

  it('refuses an invalid environment with one line on stderr and exit code 2', () => {
    const result = spawnSync(process.execPath, [join(dist, 'server.js')], {
      env: { PATH: process.env.PATH, PORT: 'eighty', LOG_LEVEL: 'loud' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^shipyard-service: invalid configuration: PORT must be an integer from 0 to 65535 \(got "eighty"\); LOG_LEVEL must be one of .*\n$/,
    );
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
  it('gives a request REQUEST_TIMEOUT_MS to arrive, then answers 408: no request outlives it by more than a second', async () => {
    const server = await startServer({ REQUEST_TIMEOUT_MS: '1000' });
    const slow = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => slow.once('connect', resolve));
    let response = '';
    slow.on('data', (chunk: Buffer) => {
      response += chunk.toString();
    });
    const closed = new Promise((resolve) => slow.once('close', resolve));
    const started = Date.now();
    // Headers that never end: a client that stalls.
    slow.write('GET / HTTP/1.1\r\nHost: test\r\n');
    // Node's default would hold it 300 s, checked every 30 s; the test would time out first.
    await Promise.race([closed, sleep(5000)]);
    slow.destroy();
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    // REQUEST_TIMEOUT_MS plus REQUEST_CHECK_INTERVAL_MS, with room for a busy machine.
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('keeps an idle keep-alive connection past REQUEST_TIMEOUT_MS: the timeout counts from a request, not from idleness', async () => {
    const server = await startServer({ REQUEST_TIMEOUT_MS: '1000' });
    const socket = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (chunk: Buffer) => {
      response += chunk.toString();
    });
    const request = 'GET /health HTTP/1.1\r\nHost: test\r\n\r\n';
    socket.write(request);
    expect(await eventually(async () => response.includes('"status":"ok"'))).toBe(true);
    // Idle for more than twice the request timeout, as a load balancer's pooled connection is.
    await sleep(2500);
    response = '';
    socket.write(request);
    expect(await eventually(async () => response.includes('"status":"ok"'))).toBe(true);
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    socket.destroy();
  });
});
