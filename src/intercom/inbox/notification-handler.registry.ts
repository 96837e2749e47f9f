import { Injectable } from '@nestjs/common';
import type { NotificationHandler } from './notification-handler';

/**
 * Which handler works on which topic; topics with none need no work. The modules
 * that own a handler register it at module init (EnrichmentModule, ResyncModule),
 * before the InboxWorker starts at application bootstrap.
 */
@Injectable()
export class NotificationHandlerRegistry {
  private readonly byTopic = new Map<string, NotificationHandler>();

  /** Makes `handler` the one for each of its topics. */
  register(handler: NotificationHandler): void {
    for (const topic of handler.topics) this.byTopic.set(topic, handler);
  }

  /** Whether a notification of this topic, as Intercom sends it to the webhook, needs work. */
  handlesWebhook(topic: string): boolean {
    const handler = this.byTopic.get(topic);
    return handler !== undefined && handler.internalOnly !== true;
  }

  get(topic: string): NotificationHandler | undefined {
    return this.byTopic.get(topic);
  }
}
