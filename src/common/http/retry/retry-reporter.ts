import { Logger } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import { HttpCallRetriedEvent, type HttpDependency } from './http-call-retried.event';
import type { RetryRecord } from './retrying-fetch';

/**
 * The `onRetry` of a dependency's retrying fetch: one info line per retry (dependency, reason,
 * method, endpoint, wait; never the URL's query or a header) and an HttpCallRetriedEvent for the
 * metric. `events` is absent where no event bus runs (a module tested alone).
 */
export function retryReporter(
  dependency: HttpDependency,
  endpointOf: (url: string) => string,
  events: EventEmitter2 | undefined,
  logger = new Logger(dependency === 'supabase' ? 'Supabase' : 'IntercomGateway'),
): (record: RetryRecord) => void {
  return (record) => {
    const endpoint = endpointOf(record.url);
    logger.log({
      msg:
        record.reason === 'retry_after'
          ? `${dependency} asked to retry later: waiting, then sending again`
          : `${dependency} connection failed before an answer: sending again on a new connection`,
      dependency,
      reason: record.reason,
      method: record.method,
      endpoint,
      attempt: record.attempt,
      wait_ms: record.waitMs,
    });
    events?.emit(
      HttpCallRetriedEvent.name,
      new HttpCallRetriedEvent(dependency, record.reason, record.method, endpoint, record.waitMs),
    );
  };
}
