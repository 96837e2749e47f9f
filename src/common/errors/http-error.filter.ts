import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { AppError } from './app.error';
import { ErrorCode } from './error-code.enum';
import { ERROR_STATUS } from './error-status.map';

/**
 * Every error leaves as `{"error": "<message>"}`. Unknown errors become a
 * plain 500: no stack trace, SQL or upstream message ever reaches a caller.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, message } = this.describe(exception);
    if (status >= 500) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({
        msg: 'Request failed',
        err: { name: error.name, message: error.message },
      });
    }
    if (response.headersSent) return;
    response.status(status).json({ error: message });
  }

  private describe(exception: unknown): { status: number; message: string } {
    if (exception instanceof AppError) {
      const mapped = ERROR_STATUS[exception.code];
      return { status: mapped.status, message: exception.publicMessage ?? mapped.message };
    }
    if (exception instanceof ThrottlerException) {
      return ERROR_STATUS[ErrorCode.TooManyRequests];
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
}
