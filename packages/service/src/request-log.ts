import type { Request, RequestHandler, Response } from 'express';
import type { Level, Logger } from 'pino';
import { requestId } from './request-id.js';

declare global {
  namespace Express {
    interface Request {
      /** This request's id, sent back as `X-Request-Id` (`response-headers.ts`). */
      id: string;
    }
  }
}

/**
 * Access log: one line per finished request, carrying its id. Successful `/health` probes are
 * not logged: the load balancer sends one every few seconds per instance and they would drown
 * the lines that matter; failed probes (503 while draining) are.
 *
 * Hand-written rather than pino-http because pino-http builds a child logger and three
 * listeners for every request up front; under `make bench` that cost about a tenth of the
 * throughput. Here a request costs one id and one listener.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    req.id = requestId(req);
    const started = performance.now();
    // 'close' follows 'finish' for a sent response, and comes alone when the client went away.
    res.once('close', () => {
      const elapsedMs = performance.now() - started;
      if (res.writableFinished) logCompleted(logger, req, res, elapsedMs);
      else logAborted(logger, req, res, elapsedMs);
    });
    next();
  };
}

function levelFor(req: Request, status: number): Level | undefined {
  if (req.originalUrl === '/health') return status === 200 ? undefined : 'info';
  if (status >= 500) return 'error';
  return status >= 400 ? 'warn' : 'info';
}

function logCompleted(logger: Logger, req: Request, res: Response, elapsedMs: number): void {
  const level = levelFor(req, res.statusCode);
  if (level === undefined || !logger.isLevelEnabled(level)) return;
  logger[level](
    {
      reqId: req.id,
      req: { method: req.method, url: truncate(req.originalUrl), remoteAddress: req.ip },
      res: { statusCode: res.statusCode },
      responseTime: Math.round(elapsedMs),
    },
    `${req.method} ${truncate(req.originalUrl)} ${res.statusCode}`,
  );
}

function logAborted(logger: Logger, req: Request, res: Response, elapsedMs: number): void {
  logger.warn(
    {
      reqId: req.id,
      req: { method: req.method, url: truncate(req.originalUrl), remoteAddress: req.ip },
      res: { statusCode: res.statusCode },
      responseTime: Math.round(elapsedMs),
    },
    `${req.method} ${truncate(req.originalUrl)}: client went away before the response was sent`,
  );
}

// A URL can be 8 KiB before the app refuses it; a log line needs only its start.
const LOGGED_URL_CHARS = 256;

function truncate(url: string): string {
  return url.length > LOGGED_URL_CHARS ? `${url.slice(0, LOGGED_URL_CHARS)}…` : url;
}
