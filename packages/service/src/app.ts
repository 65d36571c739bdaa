import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { readBody } from './body.js';
import type { Config } from './config.js';
import { errorHandler, notFound, uriTooLong } from './errors.js';
import { createLifecycle, type Lifecycle } from './lifecycle.js';
import { createLogger } from './logger.js';
import { requestLog } from './request-log.js';
import { addResponseHeaders } from './response-headers.js';
import { addRoutes } from './routes.js';

export interface AppDeps {
  /** @default a logger built from `config` writing to stdout */
  readonly logger?: Logger;
  /** @default a fresh lifecycle that is not draining */
  readonly lifecycle?: Lifecycle;
}

/**
 * Builds the Express app without listening or touching the process, so tests drive it
 * in-process with supertest. `server.ts` owns the socket and the signals.
 */
export function createApp(config: Config, deps: AppDeps = {}): Express {
  const logger = deps.logger ?? createLogger(config);
  const lifecycle = deps.lifecycle ?? createLifecycle();
  const app = express();

  app.disable('x-powered-by');
  // Responses are tiny and `no-store`; hashing each body for an ETag would buy nothing.
  app.set('etag', false);
  // The load balancer sits in the VPC: trust its X-Forwarded-For so logs show the client.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');

  addResponseHeaders(app, lifecycle);

  app.use(requestLog(logger));
  app.use(uriTooLong);
  app.use(readBody());
  addRoutes(app, config, lifecycle);
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
