import { createParamDecorator, type ExecutionContext, type RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';

const NO_BODY = Buffer.alloc(0);

/**
 * The request body's exact bytes (`request.rawBody`, kept by the body parsers
 * with NestFactory's `rawBody: true`); an empty Buffer when nothing was sent.
 * Pipes may follow: `@RawBody(ParseNotificationPipe)`.
 */
export const RawBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Buffer =>
    context.switchToHttp().getRequest<RawBodyRequest<Request>>().rawBody ?? NO_BODY,
);
