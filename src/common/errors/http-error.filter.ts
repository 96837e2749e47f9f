import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { describeHttpError } from './describe-http-error';

/**
 * Every error leaves as `{"error": "<message>"}`. Unknown errors become a
 * plain 500: no stack trace, SQL or upstream message ever reaches a caller.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, message } = describeHttpError(exception);
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
}
