import { Injectable, type PipeTransform } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { emitIntercomEvent, WebhookReceivedEvent } from '../events';
import type { IncomingNotification } from '../inbox';
import { parseNotification } from './webhook-notification';

/** The 400 answer for an id or topic that is not well-formed Unicode. */
export const ILL_FORMED_MESSAGE = 'Notification id and topic must be well-formed Unicode';

/**
 * The notification in a signed raw body (after WebhookSignatureGuard), or
 * AppError InvalidBody: 400 `Request body must be a JSON object`, or
 * ILL_FORMED_MESSAGE for an id or topic with a lone surrogate
 * (parseNotification). Each refusal is counted as `invalid_body`.
 */
@Injectable()
export class ParseNotificationPipe implements PipeTransform<Buffer, IncomingNotification> {
  constructor(private readonly events: EventEmitter2) {}

  transform(rawBody: Buffer): IncomingNotification {
    const notification = parseNotification(rawBody);
    if (typeof notification !== 'string') return notification;
    emitIntercomEvent(this.events, new WebhookReceivedEvent(null, 'invalid_body'));
    throw notification === 'ill_formed_text'
      ? new AppError(ErrorCode.InvalidBody, ILL_FORMED_MESSAGE)
      : new AppError(ErrorCode.InvalidBody);
  }
}
