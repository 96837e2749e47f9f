import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { catchError, throwError, type Observable } from 'rxjs';
import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { emitIntercomEvent, LookupCompletedEvent } from '../events/intercom.events';

/** Validation failures of the lookup body: each is a 400 the caller must fix. */
const INVALID_INPUT = new Set<ErrorCode>([
  ErrorCode.EmailRequired,
  ErrorCode.InvalidEmail,
  ErrorCode.InvalidBody,
]);

/**
 * Counts a lookup refused for its input (400: missing or invalid email, text that
 * is not well-formed Unicode, a body that is not an object) as `invalid` in the
 * lookup metric. Interceptors wrap the validation pipe, so its error passes here;
 * refusals of the guards (401, 415, 429) come earlier and are not lookups.
 */
@Injectable()
export class InvalidLookupInterceptor implements NestInterceptor {
  constructor(private readonly events: EventEmitter2) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof AppError && INVALID_INPUT.has(error.code)) {
          emitIntercomEvent(this.events, new LookupCompletedEvent('invalid'));
        }
        return throwError(() => error);
      }),
    );
  }
}
