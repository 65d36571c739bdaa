import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from './problem.js';

interface ClientError extends Error {
  code?: string;
}

// Node's HTTP parser rejects some requests before Express sees them (a request head above
// --max-http-header-size, garbage instead of HTTP) and by default answers them with an empty
// body. This maps them to the same JSON errors as the app.
const STATUS_BY_CODE: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
};

const MESSAGES: Record<number, string> = {
  400: 'The request is not valid HTTP.',
  408: 'The request was not received in time.',
  413: 'The request body framing is too large.',
  431: 'The request line and headers are too large; shorten the URL or the headers.',
};

/** A `clientError` listener for `http.Server`. */
export function handleClientError(err: ClientError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = STATUS_BY_CODE[err.code ?? ''] ?? 400;
  const body = JSON.stringify(errorBody(status, MESSAGES[status] ?? 'Bad request.'));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'X-Content-Type-Options: nosniff\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  );
}
