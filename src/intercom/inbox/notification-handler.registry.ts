import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_HANDLERS, type NotificationHandler } from './notification-handler';

/** Which handler works on which topic; topics with none need no work. */
@Injectable()
export class NotificationHandlerRegistry {
  private readonly byTopic = new Map<string, NotificationHandler>();

  constructor(@Inject(NOTIFICATION_HANDLERS) handlers: NotificationHandler[]) {
    for (const handler of handlers) {
      for (const topic of handler.topics) this.byTopic.set(topic, handler);
    }
  }

  handles(topic: string): boolean {
    return this.byTopic.has(topic);
  }

  get(topic: string): NotificationHandler | undefined {
    return this.byTopic.get(topic);
  }
}
