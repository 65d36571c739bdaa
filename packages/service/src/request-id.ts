import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// An upstream id (ALB, another service) is trusted only if it looks like an id: this keeps
// arbitrary bytes and megabyte-long values out of logs and response headers.
const ACCEPTABLE = /^[\w.:@+=/-]{1,128}$/;

/** The request's id: the caller's `X-Request-Id` when it is sane, otherwise a fresh UUID. */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE.test(incoming) ? incoming : randomUUID();
}
