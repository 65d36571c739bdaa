import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { type HttpLogger, pinoHttp } from 'pino-http';
import { REQUEST_ID_HEADER, requestId } from './request-id.js';

/**
 * Access log: one line per finished request, carrying its id. Successful `/health` probes are
 * not logged: the load balancer sends one every few seconds per instance and they would drown
 * the lines that matter. Failed probes (503 while draining) are logged.
 */
export function requestLog(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestId(req);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    // The child logger attached to each request carries only the id; the request itself is
    // serialised once, in the completion line, which keeps the per-request cost down.
    quietReqLogger: true,
    customLogLevel: (req, res, err) => {
      if (isHealthProbe(req)) return res.statusCode === 200 ? 'silent' : 'info';
      if (err || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    // The error handler logs a failure's stack once, with the request id; the access line
    // stays one short line, and a draining 503 is not dressed up as an exception.
    customErrorObject: (_req, _res, _err, value: { res: unknown; responseTime: number }) => ({
      res: value.res,
      responseTime: value.responseTime,
    }),
    serializers: {
      req: (req: IncomingMessage & { raw?: IncomingMessage }) => {
        const raw = req.raw ?? req;
        return { method: raw.method, url: truncate(raw.url), remoteAddress: raw.socket?.remoteAddress };
      },
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    wrapSerializers: false,
    customSuccessMessage: (req, res) => `${req.method} ${truncate(req.url)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${truncate(req.url)} ${res.statusCode}`,
  });
}

function isHealthProbe(req: IncomingMessage): boolean {
  return req.url === '/health';
}

// A URL can be 8 KiB before the app refuses it; a log line needs only its start.
const LOGGED_URL_CHARS = 256;

function truncate(url: string | undefined): string | undefined {
  return url !== undefined && url.length > LOGGED_URL_CHARS ? `${url.slice(0, LOGGED_URL_CHARS)}…` : url;
}
