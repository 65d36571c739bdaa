import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { BODY_LIMIT_BYTES } from './errors.js';

/**
 * Reads a request body, up to the limit, before routing. The routes take none, but a body that
 * is malformed or too large still gets its JSON 4xx, and reading it keeps a keep-alive
 * connection usable for the next request. JSON is parsed (so broken JSON is a 400); anything
 * else is only read.
 *
 * Requests without a body, nearly all of them, skip both parsers in one check: each parser
 * would make the same check itself, one router layer later.
 */
export function readBody(): RequestHandler {
  const json = express.json({ limit: BODY_LIMIT_BYTES });
  const raw = express.raw({ type: () => true, limit: BODY_LIMIT_BYTES });
  return (req, res, next) => {
    if (!hasBody(req)) {
      next();
      return;
    }
    json(req, res, (error?: unknown) => (error === undefined ? raw(req, res, next) : next(error)));
  };
}

// body-parser's own test (type-is's hasBody): a length, even 0, or a chunked transfer.
function hasBody(req: IncomingMessage): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']))
  );
}
