import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createLifecycle } from '../src/lifecycle.js';
import { testConfig } from './helpers.js';

const app = createApp(testConfig());

describe('GET /', () => {
  it('answers 200 JSON with the message, environment and version', async () => {
    const res = await request(app)
      .get('/')
      .expect(200)
      .expect('Content-Type', /^application\/json/);
    expect(res.body).toEqual({ message: 'Hello from shipyard', environment: 'test', version: '1.2.3' });
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await request(app)
      .head('/')
      .expect(200)
      .expect('Content-Type', /^application\/json/);
    expect(res.text).toBeUndefined();
  });
});

describe('GET /health', () => {
  it('answers 200 with the version while serving', async () => {
    const res = await request(app).get('/health').expect(200).expect('Cache-Control', 'no-store');
    expect(res.body).toEqual({ status: 'ok', version: '1.2.3' });
  });

  it('answers 503 draining once shutdown has begun, while / keeps serving', async () => {
    const lifecycle = createLifecycle();
    const draining = createApp(testConfig(), { lifecycle });
    await request(draining).get('/health').expect(200);
    lifecycle.beginDrain();
    const res = await request(draining).get('/health').expect(503);
    expect(res.body).toEqual({ status: 'draining' });
    await request(draining).get('/').expect(200).expect('Connection', 'close');
  });
});

describe('headers', () => {
  it('sends no x-powered-by and the security headers', async () => {
    const res = await request(app).get('/');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers).toMatchObject({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
    });
  });

  it('sets the security headers on errors too', async () => {
    const res = await request(app).get('/missing').expect(404);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it('generates a request id and echoes it', async () => {
    const res = await request(app).get('/');
    expect(res.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('honours an incoming X-Request-Id', async () => {
    await request(app).get('/').set('X-Request-Id', 'alb-1-abc.def').expect('X-Request-Id', 'alb-1-abc.def');
  });

  it('replaces an X-Request-Id that does not look like an id', async () => {
    const res = await request(app).get('/').set('X-Request-Id', 'has spaces and "quotes"');
    expect(res.headers['x-request-id']).not.toBe('has spaces and "quotes"');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('unknown paths and methods', () => {
  it('answers 404 JSON for an unknown path', async () => {
    const res = await request(app)
      .get('/nope')
      .expect(404)
      .expect('Content-Type', /^application\/json/);
    expect(res.body).toMatchObject({
      status: 404,
      error: 'Not Found',
      message: 'No route matches GET /nope.',
    });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it.each(['post', 'put', 'patch', 'delete'] as const)(
    'answers 405 with Allow for %s on both routes',
    async (method) => {
      for (const path of ['/', '/health']) {
        const res = await request(app)[method](path).expect(405).expect('Allow', 'GET, HEAD, OPTIONS');
        expect(res.body).toMatchObject({ status: 405, error: 'Method Not Allowed' });
      }
    },
  );

  it('answers OPTIONS with the allowed methods', async () => {
    await request(app).options('/health').expect(204).expect('Allow', 'GET, HEAD, OPTIONS');
  });
});

describe('malformed input', () => {
  it('answers 400 JSON for a body that is not valid JSON', async () => {
    const res = await request(app)
      .post('/')
      .set('Content-Type', 'application/json')
      .send('{"broken": ')
      .expect(400)
      .expect('Content-Type', /^application\/json/);
    expect(res.body).toMatchObject({ status: 400, message: 'The request body is not valid JSON.' });
  });

  it('answers 413 JSON for an oversized JSON body', async () => {
    const res = await request(app)
      .post('/')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(20_000) }))
      .expect(413);
    expect(res.body).toMatchObject({ status: 413, message: 'The request body is larger than 16384 bytes.' });
  });

  it('answers 413 JSON for an oversized body of any type', async () => {
    const res = await request(app)
      .put('/health')
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.alloc(20_000))
      .expect(413);
    expect(res.body).toMatchObject({ status: 413 });
  });

  it('reads a chunked body too: 413 JSON when it is oversized, 405 when it is fine', async () => {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const post = (chunks: string[]) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/' }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        for (const chunk of chunks) req.write(chunk);
        req.end();
      });
    try {
      const big = await post(['x'.repeat(10_000), 'y'.repeat(10_000)]);
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body)).toMatchObject({ status: 413 });
      expect((await post(['small', 'body'])).status).toBe(405);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('answers 415 JSON for a body in an unsupported encoding', async () => {
    const res = await request(app)
      .post('/')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'br-nope')
      .send('{}')
      .expect(415);
    expect(res.body).toMatchObject({ status: 415 });
  });

  it('answers 414 JSON for an overlong URL', async () => {
    const res = await request(app)
      .get(`/${'a'.repeat(9000)}`)
      .expect(414);
    expect(res.body).toMatchObject({ status: 414, error: 'URI Too Long' });
  });

  it('answers 400 JSON, not a stack trace, for a malformed percent-encoding', async () => {
    const res = await request(app)
      .get('/%E0%A4%A')
      .expect('Content-Type', /^application\/json/);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.text).not.toMatch(/at .*\.js/);
  });
});
