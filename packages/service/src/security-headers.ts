import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

// A JSON API loads nothing: forbid everything a browser might try to do with a response.
const policy = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
});

/**
 * Helmet's headers, worked out once at start-up and then set in one loop. Helmet stays the
 * source of truth for what a sensible set is; running its dozen middlewares on every request
 * showed up in `make bench`, and the headers never vary per request here.
 */
export function securityHeaders(): RequestHandler {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  } as unknown as ServerResponse;
  let called = false;
  policy({ method: 'GET', url: '/', headers: {} } as IncomingMessage, recorder, () => {
    called = true;
  });
  if (!called) throw new Error('helmet did not finish synchronously; its headers cannot be precomputed');
  const entries = [...headers];
  return (_req, res, next) => {
    for (const [name, value] of entries) res.setHeader(name, value);
    next();
  };
}
