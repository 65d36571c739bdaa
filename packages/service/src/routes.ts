import { Router } from 'express';
import type { Config } from './config.js';
import { methodNotAllowed } from './errors.js';
import type { Lifecycle } from './lifecycle.js';

// HEAD is answered by the GET handlers; OPTIONS lists what is allowed.
const ALLOWED = ['GET', 'HEAD', 'OPTIONS'] as const;

/** The service's two routes: the greeting and the health check the load balancer watches. */
export function routes(config: Config, lifecycle: Lifecycle): Router {
  const router = Router();
  const notAllowed = methodNotAllowed(ALLOWED);
  const options = methodOptions(ALLOWED.join(', '));
  const greeting = {
    message: 'Hello from shipyard',
    environment: config.appEnv,
    version: config.appVersion,
  };
  const healthy = { status: 'ok', version: config.appVersion };
  const draining = { status: 'draining' };

  router
    .route('/')
    .get((_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      res.json(greeting);
    })
    .options(options)
    .all(notAllowed);

  router
    .route('/health')
    .get((_req, res) => {
      res.setHeader('Cache-Control', 'no-store');
      if (lifecycle.draining) {
        res.status(503).json(draining);
      } else {
        res.json(healthy);
      }
    })
    .options(options)
    .all(notAllowed);

  return router;
}

function methodOptions(allow: string) {
  return (_req: unknown, res: import('express').Response) => {
    res.setHeader('Allow', allow);
    res.status(204).end();
  };
}
