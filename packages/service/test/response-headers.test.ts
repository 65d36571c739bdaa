import { createServer, request as httpRequest, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createLifecycle } from '../src/lifecycle.js';
import { addResponseHeaders } from '../src/response-headers.js';
import { HELMET_OPTIONS } from '../src/security-headers.js';
import { testConfig } from './helpers.js';

interface RawResponse {
  status: number;
  /** Header names as sent, in order, with their values. */
  headers: [string, string][];
  body: string;
}

/** One request to `app` on a real socket, keeping the response's header lines exactly as sent. */
async function send(
  app: RequestListener,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<RawResponse> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<RawResponse>((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', method, path, headers }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => {
          const pairs: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            pairs.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
          }
          resolve({ status: res.statusCode ?? 0, headers: pairs, body: text });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

// What helmet's own middleware sends, with the service's options, on a bare Express app.
async function helmetsHeaders(): Promise<[string, string][]> {
  const reference = express();
  reference.disable('x-powered-by');
  reference.use(helmet(HELMET_OPTIONS));
  reference.get('/', (_req, res) => {
    res.end();
  });
  const transport = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  const { headers } = await send(reference, 'GET', '/');
  return headers.filter(([name]) => !transport.has(name.toLowerCase()));
}

const lifecycle = createLifecycle();
const app = createApp(testConfig(), { lifecycle });
const CASES: [string, string, string, Record<string, string>, string, number][] = [
  ['GET /', 'GET', '/', {}, '', 200],
  ['HEAD /', 'HEAD', '/', {}, '', 200],
  ['GET /health', 'GET', '/health', {}, '', 200],
  ['OPTIONS /', 'OPTIONS', '/', {}, '', 204],
  ['DELETE / (405)', 'DELETE', '/', {}, '', 405],
  ['GET /nope (404)', 'GET', '/nope', {}, '', 404],
  ['an overlong URL (414)', 'GET', `/${'a'.repeat(9000)}`, {}, '', 414],
  ['a malformed JSON body (400)', 'POST', '/', { 'content-type': 'application/json' }, '{"broken": ', 400],
  ['an oversized body (413)', 'POST', '/', { 'content-type': 'text/plain' }, 'x'.repeat(20_000), 413],
];

describe('the headers every response carries', () => {
  it.each(CASES)("%s: helmet's headers, byte for byte and in helmet's order", async (...testCase) => {
    const [, method, path, headers, body, status] = testCase;
    const expected = await helmetsHeaders();
    expect(expected.length).toBeGreaterThan(8);
    const res = await send(app, method, path, headers, body);
    expect(res.status).toBe(status);
    const names = new Set(expected.map(([name]) => name.toLowerCase()));
    expect(res.headers.filter(([name]) => names.has(name.toLowerCase()))).toEqual(expected);
    const ids = res.headers.filter(([name]) => name.toLowerCase() === 'x-request-id');
    expect(ids).toHaveLength(1);
    if (status >= 400) expect(JSON.parse(res.body).requestId).toBe(ids[0]?.[1]);
  });

  it('GET / sends exactly these header lines, in this order', async () => {
    const helmetNames = (await helmetsHeaders()).map(([name]) => name);
    const res = await send(app, 'GET', '/', { 'x-request-id': 'trace-7' });
    expect(res.headers.map(([name]) => name)).toEqual([
      'x-request-id',
      ...helmetNames,
      'Cache-Control',
      'Content-Type',
      'Content-Length',
      'Date',
      'Connection',
      'Keep-Alive',
    ]);
    expect(res.headers.slice(0, 1)).toEqual([['x-request-id', 'trace-7']]);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'Cache-Control': 'no-store',
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(res.body)),
    });
  });

  it("adds Connection: close to every response once draining, keeping helmet's headers", async () => {
    const draining = createLifecycle();
    const drainingApp = createApp(testConfig(), { lifecycle: draining });
    draining.beginDrain();
    const expected = await helmetsHeaders();
    const names = new Set(expected.map(([name]) => name.toLowerCase()));
    for (const [path, status] of [
      ['/', 200],
      ['/health', 503],
      ['/nope', 404],
    ] as const) {
      const res = await send(drainingApp, 'GET', path);
      expect(res.status).toBe(status);
      expect(res.headers.filter(([name]) => name.toLowerCase() === 'connection')).toEqual([
        ['Connection', 'close'],
      ]);
      expect(res.headers.filter(([name]) => names.has(name.toLowerCase()))).toEqual(expected);
    }
  });

  it('leaves a header a handler chose alone, and sends no id where no request has one', async () => {
    const custom = express();
    addResponseHeaders(custom, createLifecycle());
    custom.get('/framed', (_req, res) => {
      res.setHeader('X-Frame-Options', 'DENY');
      res.json({ ok: true });
    });
    const res = await send(custom, 'GET', '/framed');
    expect(res.headers.filter(([name]) => name.toLowerCase() === 'x-frame-options')).toEqual([
      ['X-Frame-Options', 'DENY'],
    ]);
    expect(res.headers.some(([name]) => name.toLowerCase() === 'x-request-id')).toBe(false);
    expect(res.headers.some(([name]) => name === 'Content-Security-Policy')).toBe(true);
  });
});
