import { Catch, Injectable, Logger, type ArgumentsHost } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppError } from '../../common/errors/app.error';
import { describeHttpError } from '../../common/errors/describe-http-error';
import { HttpErrorFilter } from '../../common/errors/http-error.filter';
import { emitIntercomEvent, LookupCompletedEvent } from '../events';
import { INVALID_LOOKUP_INPUT } from './lookup-email.input';

/**
 * The global HttpErrorFilter (the same answer, mapped in the same place), plus
 * what the lookup says of its refusals: a warn line `Lookup request refused`
 * with the status (the request id comes with it; never the address), and a
 * lookup refused for its input (400 from LookupEmailPipe) counted
 * as `invalid` (LookupCompletedEvent, natca_lookup_requests_total). The guards'
 * refusals (429, 401, 415) are not lookups and are not counted. A filter,
 * because guards' and pipes' errors reach no interceptor or handler; and it
 * costs nothing on lookups that succeed.
 */
@Injectable()
@Catch()
export class LookupRefusalFilter extends HttpErrorFilter {
  private readonly refusals = new Logger('LookupEmailController');

  constructor(private readonly events: EventEmitter2) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof AppError && INVALID_LOOKUP_INPUT.has(exception.code)) {
      emitIntercomEvent(this.events, new LookupCompletedEvent('invalid'));
    }
    const { status } = describeHttpError(exception);
    if (status < 500) this.refusals.warn({ msg: 'Lookup request refused', status });
    super.catch(exception, host);
  }
}
