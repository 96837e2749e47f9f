import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app.error';
import { ErrorCode } from '../errors/error-code.enum';

/** body-parser's errors carry a `type`; these are the ones a caller can cause. */
const BODY_PARSER_ERRORS: Record<string, ErrorCode> = {
  'entity.parse.failed': ErrorCode.MalformedJson,
  'entity.too.large': ErrorCode.PayloadTooLarge,
  'entity.verify.failed': ErrorCode.MalformedJson,
  'encoding.unsupported': ErrorCode.UnsupportedMediaType,
  'charset.unsupported': ErrorCode.UnsupportedMediaType,
  'request.aborted': ErrorCode.MalformedJson,
  'request.size.invalid': ErrorCode.MalformedJson,
};

/**
 * Express error middleware placed right after the body parsers: turns their
 * errors into AppErrors, so the answer is the service's own clear message
 * and never the parser's text.
 */
export function bodyParserErrors(
  error: unknown,
  _req: Request,
  _res: Response,
  next: NextFunction,
): void {
  next(fromBodyParser(error));
}

/** The AppError for a body-parser error a caller caused; any other error unchanged. */
export function fromBodyParser(error: unknown): unknown {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type in BODY_PARSER_ERRORS
    ? new AppError(BODY_PARSER_ERRORS[type])
    : error;
}
