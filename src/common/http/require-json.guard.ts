import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '../errors/app.error';
import { ErrorCode } from '../errors/error-code.enum';

/** 415 for a body sent as anything but JSON, instead of silently reading it as empty. */
@Injectable()
export class RequireJsonGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.is('application/json')) throw new AppError(ErrorCode.UnsupportedMediaType);
    return true;
  }
}
