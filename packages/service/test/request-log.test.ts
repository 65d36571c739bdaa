import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createLifecycle } from '../src/lifecycle.js';
import { capturingLogger, testConfig } from './helpers.js';

describe('access log', () => {
  it('writes one JSON line per request, carrying the request id, env and version', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(testConfig(), { logger });
    const res = await request(app).get('/').set('X-Request-Id', 'trace-42');
    expect(res.headers['x-request-id']).toBe('trace-42');
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        env: 'test',
        version: '1.2.3',
        reqId: 'trace-42',
        req: expect.objectContaining({ method: 'GET', url: '/' }),
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
        msg: 'GET / 200',
      }),
    ]);
  });

  it('logs client errors as warn', async () => {
    const { logger, lines } = capturingLogger();
    await request(createApp(testConfig(), { logger })).get('/nope').expect(404);
    expect(lines()).toEqual([expect.objectContaining({ level: 'warn', res: { statusCode: 404 } })]);
  });

  it('does not log successful health probes, but logs draining ones', async () => {
    const { logger, lines } = capturingLogger();
    const lifecycle = createLifecycle();
    const app = createApp(testConfig(), { logger, lifecycle });
    await request(app).get('/health').expect(200);
    expect(lines()).toEqual([]);
    lifecycle.beginDrain();
    await request(app).get('/health').expect(503);
    expect(lines()).toEqual([expect.objectContaining({ level: 'info', res: { statusCode: 503 } })]);
  });

  it('keeps log lines short for overlong URLs', async () => {
    const { logger, lines } = capturingLogger();
    await request(createApp(testConfig(), { logger }))
      .get(`/${'a'.repeat(5000)}`)
      .expect(404);
    const [line] = lines();
    expect(JSON.stringify(line).length).toBeLessThan(1000);
  });

  it('writes nothing at LOG_LEVEL=silent', async () => {
    const config = testConfig({ LOG_LEVEL: 'silent' });
    const { logger, lines } = capturingLogger(config);
    await request(createApp(config, { logger })).get('/nope').expect(404);
    expect(lines()).toEqual([]);
  });
});
