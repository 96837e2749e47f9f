import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '../errors/app.error';
import { ErrorCode } from '../errors/error-code.enum';

/**
 * Whether the request carries body bytes. No Transfer-Encoding and no (or a zero)
 * Content-Length means nothing was sent: `curl -X POST` without `-d` sends no
 * Content-Length at all, `fetch` with no body sends `Content-Length: 0`.
 */
function sendsBody(request: Request): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = request.headers['content-length'];
  return length !== undefined && Number(length) !== 0;
}

/**
 * For routes that take a JSON body. A body sent as anything but JSON is 415
 * (UnsupportedMediaType), instead of silently reading as empty. A request that
 * sends no body at all reads as the empty object, as an empty JSON body does, so
 * that the route answers what is missing (a 400 from validation), not 415:
 * express's type check says "not JSON" for any request without a body, whatever
 * its Content-Type.
 */
@Injectable()
export class RequireJsonGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!sendsBody(request)) {
      // The JSON parser skipped it (nothing to read); an empty JSON body would parse to {}.
      request.body ??= {};
      return true;
    }
    if (!request.is('application/json')) throw new AppError(ErrorCode.UnsupportedMediaType);
    return true;
  }
}
