import type { Logger } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import { emitIntercomEvent, NotificationSettledEvent } from '../events';
import { IntercomDryRunError } from '../gateway';
import { classifyFailure, describeError, DRY_RUN_OUTCOME } from './failure-classification';
import type { ClaimedNotification } from './inbox-notification';
import { retryDelayMs } from './retry-policy';

/** What became of one attempt, to be written to the row. */
export type NotificationOutcome =
  | { state: 'done'; reason: string }
  | { state: 'retry'; delayMs: number; error: string }
  | { state: 'failed'; error: string };

/** The inbox's retry settings (INBOX_MAX_ATTEMPTS, INBOX_RETRY_BASE_MS, INBOX_RETRY_MAX_MS). */
export interface RetrySettings {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/**
 * The outcome of an attempt that threw: a transient failure is tried again after an
 * exponential backoff (retry-policy.ts) until `maxAttempts`, anything else fails for good.
 */
export function outcomeOfFailure(
  error: unknown,
  attempts: number,
  settings: RetrySettings,
): NotificationOutcome {
  // No token: the gateway logged what it would have read; nothing more can be done, and
  // nothing failed (docs/operations.md, "Dry run"). Replay it by id once a token is set.
  if (error instanceof IntercomDryRunError) return { state: 'done', reason: DRY_RUN_OUTCOME };
  const description = describeError(error);
  if (classifyFailure(error) === 'transient' && attempts < settings.maxAttempts) {
    const delayMs = retryDelayMs(attempts, settings.retryBaseMs, settings.retryMaxMs);
    return { state: 'retry', delayMs, error: description };
  }
  return { state: 'failed', error: description };
}

/** Logs a recorded retry or failure, and tells the rest (NotificationSettledEvent) of every outcome. */
export function reportOutcome(
  logger: Logger,
  events: EventEmitter2,
  { notificationId, topic, attempts }: ClaimedNotification,
  outcome: NotificationOutcome,
): void {
  if (outcome.state === 'retry') {
    logger.warn({
      msg: 'Webhook processing failed, will retry',
      topic,
      notification_id: notificationId,
      attempt: attempts,
      retry_in_ms: outcome.delayMs,
      error: outcome.error,
    });
  } else if (outcome.state === 'failed') {
    logger.error({
      msg: 'Webhook processing failed',
      topic,
      notification_id: notificationId,
      attempt: attempts,
      error: outcome.error,
    });
  }
  const reason = outcome.state === 'done' ? outcome.reason : outcome.error;
  emitIntercomEvent(
    events,
    new NotificationSettledEvent(notificationId, topic, outcome.state, reason),
  );
}
