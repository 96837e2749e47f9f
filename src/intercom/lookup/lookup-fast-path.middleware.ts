import { Logger } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { describeHttpError } from '../../common/errors/describe-http-error';
import { sendJson } from '../../common/http/send-json';
import { requestIdFrom } from '../../common/logging/request-id';
import type { LookupRequestHandler } from './lookup-request.handler';

/**
 * Serves `POST <path>` straight from Express, after the body parser but ahead of
 * helmet and of Nest's pipeline; `securityHeaders` are helmet's, read once
 * (fixedHeaders). Why: Nest's router, guards, pipes and filters,
 * and pino-http's per-request logger, cost about as much CPU as the lookup's
 * own work (BENCHMARKS.md, section 2). The rules are LookupRequestHandler's,
 * the same as the Nest route's (LookupEmailController), and the errors are
 * mapped by describeHttpError as the global filter maps them: the answers are
 * the same. Other spellings of the path (a trailing slash, another letter
 * case) fall through to the Nest route.
 */
export function lookupFastPath(
  path: string,
  handler: LookupRequestHandler,
  securityHeaders: ReadonlyArray<readonly [string, string]>,
): RequestHandler {
  const logger = new Logger('LookupFastPath');
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== path) {
      next();
      return;
    }
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    handler.handle(req, res).then(
      (answer) => sendJson(res, 200, answer),
      (error: unknown) => {
        const { status, message } = describeHttpError(error);
        if (status >= 500) {
          const err = error instanceof Error ? error : new Error(String(error));
          logger.error({
            msg: 'Lookup request failed',
            request_id: requestId,
            status,
            err: { name: err.name, message: err.message },
          });
        } else {
          logger.warn({ msg: 'Lookup request refused', request_id: requestId, status });
        }
        sendJson(res, status, { error: message });
      },
    );
  };
}
