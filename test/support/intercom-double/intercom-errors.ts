/**
 * Intercom's error envelope and the response value every part of the double returns.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

export interface IntercomError {
  code: string;
  message: string;
  field?: string;
}

export interface ErrorListBody {
  type: 'error.list';
  request_id: string;
  errors: IntercomError[];
}

export interface DoubleResponse {
  status: number;
  body: unknown;
  /** Sent after (so overriding) the X-RateLimit-* headers of the current window. */
  headers?: Record<string, string>;
  /** True to send no X-RateLimit-* headers at all, as some of Intercom's 429s do. */
  omitRateLimitHeaders?: boolean;
}

export function errorList(errors: IntercomError | IntercomError[]): ErrorListBody {
  return {
    type: 'error.list',
    request_id: randomUUID(),
    errors: Array.isArray(errors) ? errors : [errors],
  };
}

export function errorResponse(status: number, code: string, message: string): DoubleResponse {
  return { status, body: errorList({ code, message }) };
}

export const userNotFound = (): DoubleResponse => errorResponse(404, 'not_found', 'User Not Found');

export const resourceNotFound = (): DoubleResponse =>
  errorResponse(404, 'not_found', 'Resource Not Found');

export const parameterInvalid = (message: string): DoubleResponse =>
  errorResponse(400, 'parameter_invalid', message);

/** A valid request for behaviour the double does not model: 501, never a made-up answer. */
export const notImplemented = (what: string): DoubleResponse =>
  errorResponse(501, 'not_implemented', `The Intercom test double does not implement ${what}`);

/** Body of an injected failure: `server_error` for 500, otherwise the snake-cased reason. */
export function faultBody(status: number): ErrorListBody {
  const reason = STATUS_CODES[status] ?? 'Error';
  const code = status === 500 ? 'server_error' : reason.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return errorList({ code, message: reason });
}
