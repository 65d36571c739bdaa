import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

/**
 * The body of every error response: a status, its standard reason and a sentence for humans.
 * Never a stack trace, never HTML.
 */
export interface ErrorBody {
  readonly status: number;
  readonly error: string;
  readonly message: string;
  readonly requestId?: string;
}

export function errorBody(status: number, message: string, requestId?: string): ErrorBody {
  const body = { status, error: STATUS_CODES[status] ?? 'Error', message };
  return requestId === undefined ? body : { ...body, requestId };
}

export function sendError(res: Response, status: number, message: string): void {
  res.status(status).json(errorBody(status, message, res.req.id));
}
