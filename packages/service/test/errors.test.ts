import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../src/errors.js';
import { capturingLogger } from './helpers.js';

describe('errorHandler', () => {
  it('turns an unexpected error into a 500 JSON without details, and logs the stack', async () => {
    const { logger, lines } = capturingLogger();
    const app = express();
    app.get('/boom', () => {
      throw new Error('secret database password in a message');
    });
    app.use(errorHandler(logger));

    const res = await request(app)
      .get('/boom')
      .expect(500)
      .expect('Content-Type', /^application\/json/);
    expect(res.body).toMatchObject({ status: 500, error: 'Internal Server Error' });
    expect(res.text).not.toContain('secret');
    expect(res.text).not.toContain('at ');
    const logged = lines().find((line) => line.level === 'error');
    expect(logged?.err).toMatchObject({ message: 'secret database password in a message' });
    expect(JSON.stringify(logged?.err)).toContain('stack');
  });

  it('keeps the status of a client error thrown by a library', async () => {
    const { logger, lines } = capturingLogger();
    const app = express();
    app.get('/teapot', () => {
      throw Object.assign(new Error('short and stout'), { status: 418, expose: true });
    });
    app.use(errorHandler(logger));
    const res = await request(app).get('/teapot').expect(418);
    expect(res.body).toMatchObject({ status: 418, message: 'short and stout' });
    expect(lines()).toEqual([]);
  });
});
