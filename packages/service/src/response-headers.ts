import { type OutgoingHttpHeader, type OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Express, Response } from 'express';
import type { Lifecycle } from './lifecycle.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import { securityHeaders } from './security-headers.js';

type Headers = OutgoingHttpHeaders | OutgoingHttpHeader[];

/**
 * Gives every response of `app` the headers the service promises on all of them: the request
 * id, helmet's security headers, and `Connection: close` once draining (keep-alive clients
 * reconnect to an instance that stays; the load balancer already stopped picking this one).
 *
 * They are added in `writeHead`, which every response passes through, explicitly or through
 * `end()`. A hot route that hands `writeHead` its own headers as a flat array gets all of
 * them written in that one call, at half the cost of sixteen `setHeader` calls, which each
 * check, lower-case and store a header before `writeHead` walks them all again (measured in
 * docs/service.md). Responses that Express builds with `setHeader` (errors, OPTIONS) get ours
 * the same way, without replacing one a handler set.
 */
export function addResponseHeaders(app: Express, lifecycle: Lifecycle): void {
  const fixed = securityHeaders().flat();
  // The three-argument form; Node reads an undefined reason as "the standard one".
  const writeHead = ServerResponse.prototype.writeHead as (
    this: ServerResponse,
    statusCode: number,
    reason?: string,
    headers?: Headers,
  ) => ServerResponse;

  function writeHeadWithOurs(
    this: Response,
    statusCode: number,
    reasonOrHeaders?: string | Headers,
    maybeHeaders?: Headers,
  ): Response {
    const reason = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : undefined;
    const headers = typeof reasonOrHeaders === 'string' ? maybeHeaders : reasonOrHeaders;
    // Set by the access log, the first middleware; absent only in an app built without it.
    const id: string | undefined = this.req.id;
    const ours = id === undefined ? [...fixed] : [REQUEST_ID_HEADER, id, ...fixed];
    if (lifecycle.draining) ours.push('Connection', 'close');
    if (Array.isArray(headers) && typeof headers[0] === 'string' && this.getHeaderNames().length === 0) {
      return writeHead.call(this, statusCode, reason, [...ours, ...headers]) as Response;
    }
    for (let i = 0; i < ours.length; i += 2) {
      const name = ours[i] as string;
      if (!this.hasHeader(name)) this.setHeader(name, ours[i + 1] as string);
    }
    return writeHead.call(this, statusCode, reason, headers) as Response;
  }

  // app.response is Express's documented extension point: the prototype of this app's responses.
  app.response.writeHead = writeHeadWithOurs as Response['writeHead'];
}
