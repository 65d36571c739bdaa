import type { Express, Response } from 'express';
import type { Config } from './config.js';
import { methodNotAllowed } from './errors.js';
import type { Lifecycle } from './lifecycle.js';

// HEAD is answered by the GET handlers; OPTIONS lists what is allowed.
const ALLOWED = ['GET', 'HEAD', 'OPTIONS'] as const;

/**
 * The service's two routes: the greeting and the health check the load balancer watches.
 * Registered on the app itself: a mounted Router would add a nested dispatch to every request.
 */
export function addRoutes(app: Express, config: Config, lifecycle: Lifecycle): void {
  const notAllowed = methodNotAllowed(ALLOWED);
  const options = methodOptions(ALLOWED.join(', '));
  // The bodies never change while the process runs: serialise them once, not per request.
  const greeting = json({
    message: 'Hello from shipyard',
    environment: config.appEnv,
    version: config.appVersion,
  });
  const healthy = json({ status: 'ok', version: config.appVersion });
  const draining = json({ status: 'draining' });

  app
    .route('/')
    .get((_req, res) => send(res, 200, greeting))
    .options(options)
    .all(notAllowed);

  app
    .route('/health')
    .get((_req, res) => (lifecycle.draining ? send(res, 503, draining) : send(res, 200, healthy)))
    .options(options)
    .all(notAllowed);
}

interface JsonResponse {
  readonly body: Buffer;
  /** Its headers as a flat `[name, value, ...]` list, for `writeHead`. */
  readonly head: readonly string[];
}

function json(value: unknown): JsonResponse {
  const body = Buffer.from(JSON.stringify(value));
  return {
    body,
    head: [
      'Cache-Control',
      'no-store',
      'Content-Type',
      'application/json; charset=utf-8',
      'Content-Length',
      `${body.length}`,
    ],
  };
}

// What res.json() does, minus re-serialising and re-parsing the Content-Type on every request,
// and with every header in one writeHead call (see response-headers.ts). Node leaves the body
// out of HEAD responses by itself.
function send(res: Response, status: number, response: JsonResponse): void {
  res.writeHead(status, response.head as string[]);
  res.end(response.body);
}

function methodOptions(allow: string) {
  return (_req: unknown, res: Response) => {
    res.setHeader('Allow', allow);
    res.status(204).end();
  };
}
