import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError } from './app.error';
import { ErrorCode } from './error-code.enum';
import { ERROR_STATUS } from './error-status.map';

/**
 * The status and public message of any error: an AppError's from ERROR_STATUS,
 * a plain 500 for anything unknown, so no stack, SQL or upstream text leaks.
 */
export function describeHttpError(exception: unknown): { status: number; message: string } {
  if (exception instanceof AppError) {
    const mapped = ERROR_STATUS[exception.code];
    return { status: mapped.status, message: exception.publicMessage ?? mapped.message };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message =
      typeof body === 'string'
        ? body
        : typeof (body as { message?: unknown }).message === 'string'
          ? (body as { message: string }).message
          : exception.message;
    return {
      status,
      message: status >= 500 ? ERROR_STATUS[ErrorCode.Internal].message : message,
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    message: ERROR_STATUS[ErrorCode.Internal].message,
  };
}
