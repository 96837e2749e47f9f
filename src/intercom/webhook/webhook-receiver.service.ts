import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { intercomConfig } from '../../common/config/intercom.config';
import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import {
  emitIntercomEvent,
  NotificationRecordedEvent,
  WebhookReceivedEvent,
  type WebhookReceiveResult,
} from '../events/intercom.events';
import { WebhookIntakeService } from './webhook-intake.service';
import { describeWebhookMode, isAuthentic, webhookMode, type WebhookMode } from './webhook-mode';
import { parseNotification } from './webhook-notification';

/** The 400 answer for an id or topic that is not well-formed Unicode. */
export const ILL_FORMED_MESSAGE = 'Notification id and topic must be well-formed Unicode';

/**
 * One notification as Intercom sent it (docs/reference.md, "HTTP API"): signature (see
 * WebhookMode: without a secret every notification is refused unless unsigned
 * ones are explicitly allowed), then JSON, then durable intake. Resolves once it
 * is recorded (or needs no recording); throws an AppError for the caller's answer
 * otherwise: InvalidSignature (401), InvalidBody (400), or the intake's error (503).
 */
@Injectable()
export class WebhookReceiverService {
  private readonly logger = new Logger(WebhookReceiverService.name);
  private readonly mode: WebhookMode;

  constructor(
    private readonly intake: WebhookIntakeService,
    private readonly events: EventEmitter2,
    @Inject(intercomConfig.KEY) config: ConfigType<typeof intercomConfig>,
  ) {
    this.mode = webhookMode(config);
  }

  /**
   * Logs once, at the HTTP service's start, how notifications are authenticated:
   * `signed` at info, `refused: no secret` and unsigned allowed at warn. Never the secret.
   */
  logMode(): void {
    const { level, mode } = describeWebhookMode(this.mode);
    this.logger[level]({ msg: 'Intercom webhook mode', mode });
  }

  async receive(rawBody: Buffer, signature: string | undefined, requestId?: string): Promise<void> {
    if (!isAuthentic(this.mode, rawBody, signature)) {
      this.received(null, 'rejected_signature');
      throw new AppError(ErrorCode.InvalidSignature);
    }
    const notification = parseNotification(rawBody);
    if (typeof notification === 'string') {
      this.received(null, 'invalid_body');
      throw notification === 'ill_formed_text'
        ? new AppError(ErrorCode.InvalidBody, ILL_FORMED_MESSAGE)
        : new AppError(ErrorCode.InvalidBody);
    }
    this.logger.log({
      msg: 'Intercom webhook received',
      topic: notification.topic,
      id: notification.notificationId,
      ...(requestId !== undefined && { request_id: requestId }),
    });
    const result = await this.intake.accept(notification).catch((error: unknown) => {
      this.received(notification.topic, 'unavailable');
      throw error;
    });
    this.received(notification.topic, result);
    if (result === 'recorded') {
      emitIntercomEvent(this.events, new NotificationRecordedEvent([notification.topic]));
    }
  }

  /** Every answer is reported once, for the metrics. */
  private received(topic: string | null, result: WebhookReceiveResult): void {
    emitIntercomEvent(this.events, new WebhookReceivedEvent(topic, result));
  }
}
