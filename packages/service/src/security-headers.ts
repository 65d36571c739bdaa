import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** A JSON API loads nothing: forbid everything a browser might try to do with a response. */
export const HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
};

/**
 * Helmet's headers as `[name, value]` pairs, in the order helmet sets them, worked out once at
 * start-up by running its middleware against a recorder. Helmet stays the source of truth
 * for what a sensible set is; running its dozen middlewares on every request showed up in
 * `make bench-service`, and the headers never vary per request here.
 */
export function securityHeaders(): (readonly [string, string])[] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  } as unknown as ServerResponse;
  let called = false;
  helmet(HELMET_OPTIONS)({ method: 'GET', url: '/', headers: {} } as IncomingMessage, recorder, () => {
    called = true;
  });
  if (!called) throw new Error('helmet did not finish synchronously; its headers cannot be precomputed');
  return [...headers];
}
