import { Logger } from '@nestjs/common';
import { raw, type RequestHandler } from 'express';
import { describeHttpError } from '../../common/errors/describe-http-error';
import { MAX_BODY_BYTES } from '../../common/http/body-limit';
import { sendJson } from '../../common/http/send-json';
import { fromBodyParser } from '../../common/http/body-parser-errors.middleware';
import { requestIdFrom } from '../../common/logging/request-id';
import type { WebhookReceiverService } from './webhook-receiver.service';

/**
 * Serves `POST <path>` straight from Express, ahead of every other middleware
 * and of Nest's pipeline. Why: Intercom's notifications are the hot path, and
 * the general stack (router, pino-http's per-request logger, helmet, Nest's
 * adapter) cost about 60 % of the CPU per notification; measured in
 * BENCHMARKS.md, this path doubles to triples acknowledgements per second.
 * The work itself is WebhookReceiverService, the same as the Nest route's;
 * the answers are the same: 413, then 401, then 400, 503, or 200.
 */
export function webhookFastPath(path: string, receiver: WebhookReceiverService): RequestHandler {
  // The signature covers the exact bytes sent, so the body is read raw.
  const readBody = raw({ type: () => true, limit: MAX_BODY_BYTES });
  const logger = new Logger('WebhookFastPath');
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== path) {
      next();
      return;
    }
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    readBody(req, res, (parseError?: unknown) => {
      const work = async (): Promise<void> => {
        if (parseError) throw fromBodyParser(parseError);
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        await receiver.receive(body, req.get('x-hub-signature'), requestId);
      };
      work().then(
        () => sendJson(res, 200, { received: true }),
        (error: unknown) => {
          const { status, message } = describeHttpError(error);
          if (status >= 500) {
            logger.error({ msg: 'Webhook request failed', request_id: requestId, status });
          } else {
            logger.warn({ msg: 'Webhook request refused', request_id: requestId, status });
          }
          sendJson(res, status, { error: message });
        },
      );
    });
  };
}
