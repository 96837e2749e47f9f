import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { describeError, InboxWriter, NotificationHandlerRegistry } from '../inbox';
import type { IncomingNotification } from '../inbox';

export type IntakeResult = 'recorded' | 'ignored';

/** Decides whether a notification needs work and, if so, records it durably. */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger(WebhookIntakeService.name);

  constructor(
    private readonly writer: InboxWriter,
    private readonly handlers: NotificationHandlerRegistry,
  ) {}

  async accept(notification: IncomingNotification): Promise<IntakeResult> {
    if (!this.handlers.handlesWebhook(notification.topic)) return 'ignored';
    try {
      await this.writer.record(notification);
      return 'recorded';
    } catch (error) {
      // 503 makes Intercom deliver it again later: nothing is acknowledged that is not recorded.
      this.logger.error({
        msg: 'Could not record Intercom notification',
        topic: notification.topic,
        id: notification.notificationId,
        error: describeError(error),
      });
      throw new AppError(ErrorCode.InboxUnavailable);
    }
  }
}
