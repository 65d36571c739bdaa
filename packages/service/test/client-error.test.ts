import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { handleClientError } from '../src/client-error.js';
import { testConfig } from './helpers.js';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer(createApp(testConfig()));
  server.on('clientError', handleClientError);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function raw(payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(payload));
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

function jsonBody(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

describe('requests Node rejects before Express sees them', () => {
  it('answers 431 JSON when the URL and headers exceed the header limit', async () => {
    const response = await raw(`GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: test\r\n\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(response).toContain('Content-Type: application/json');
    expect(jsonBody(response)).toMatchObject({ status: 431, error: 'Request Header Fields Too Large' });
  });

  it('answers 400 JSON to something that is not HTTP', async () => {
    const response = await raw('HELLO THERE\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(jsonBody(response)).toMatchObject({ status: 400, message: 'The request is not valid HTTP.' });
  });
});
