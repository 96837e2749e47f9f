import { ErrorCode } from './error-code.enum';

/**
 * An expected failure with a public meaning. The message shown to callers
 * comes from the code's entry in ERROR_STATUS unless a safe one is given.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly publicMessage?: string,
  ) {
    super(publicMessage ?? code);
    this.name = 'AppError';
  }
}
