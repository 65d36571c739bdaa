import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { sendError } from './problem.js';

/** Request bodies above this are refused with 413; the two routes take none. */
export const BODY_LIMIT_BYTES = 16 * 1024;
/** Request targets above this are refused with 414; longer request heads get 431 from the server. */
export const URL_LIMIT_BYTES = 8 * 1024;

export const uriTooLong: RequestHandler = (req, res, next) => {
  if (req.url.length > URL_LIMIT_BYTES) {
    sendError(res, 414, `The request URL is longer than ${URL_LIMIT_BYTES} bytes.`);
    return;
  }
  next();
};

export const notFound: RequestHandler = (req, res) => {
  sendError(res, 404, `No route matches ${req.method} ${req.path}.`);
};

/** 405 for a known path with a method it does not serve, naming the ones it does. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = allowed.join(', ');
  return (req, res) => {
    res.setHeader('Allow', allow);
    sendError(res, 405, `${req.method} is not allowed on ${req.path}; use ${allow}.`);
  };
}

interface HttpishError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
  message?: unknown;
}

// Messages for the body-parser failures a client can cause; anything else 4xx keeps its own
// message only when the library marked it safe to expose.
const CLIENT_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  'entity.too.large': `The request body is larger than ${BODY_LIMIT_BYTES} bytes.`,
  'encoding.unsupported': 'The request body uses a Content-Encoding this service does not accept.',
  'charset.unsupported': 'The request body uses a charset this service does not accept.',
  'request.aborted': 'The request body was not received in full.',
  'request.size.invalid': 'The request body does not match its Content-Length.',
};

/** Last handler: every error becomes a JSON response; 5xx details go to the log, not the client. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: HttpishError, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const raw = err.status ?? err.statusCode;
    const status = typeof raw === 'number' && raw >= 400 && raw < 600 ? raw : 500;
    if (status < 500) {
      const known = typeof err.type === 'string' ? CLIENT_ERRORS[err.type] : undefined;
      const exposed = err.expose === true && typeof err.message === 'string' ? err.message : undefined;
      sendError(res, status, known ?? exposed ?? 'The request could not be processed.');
      return;
    }
    logger.error({ err, reqId: req.id }, `${req.method} ${req.path}: unhandled error`);
    sendError(res, 500, 'Something went wrong on our side; the error is logged with this request id.');
  };
}
