import type { EventEmitter2 } from '@nestjs/event-emitter';
import { NotificationSettledEvent } from '../../src/intercom/events/intercom.events';

export type Settlement =
  | { kind: 'settled'; event: NotificationSettledEvent }
  | { kind: 'timeout'; last?: NotificationSettledEvent };

/**
 * Follows the inbox worker's NotificationSettledEvent, so the walkthrough can
 * show what became of each notification it sent: done, failed, or still
 * being retried when time ran out.
 */
export class Settlements {
  private readonly latest = new Map<string, NotificationSettledEvent>();
  private readonly waiters = new Map<string, () => void>();

  constructor(events: EventEmitter2) {
    events.on(NotificationSettledEvent.name, (event: NotificationSettledEvent) => {
      this.latest.set(event.notificationId, event);
      if (event.state !== 'retry') this.waiters.get(event.notificationId)?.();
    });
  }

  /** Resolves once the notification is done or failed for good, or after `timeoutMs`. */
  async final(notificationId: string, timeoutMs: number): Promise<Settlement> {
    const finished = (): NotificationSettledEvent | undefined => {
      const event = this.latest.get(notificationId);
      return event && event.state !== 'retry' ? event : undefined;
    };
    if (!finished()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiters.set(notificationId, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters.delete(notificationId);
    }
    const event = finished();
    return event
      ? { kind: 'settled', event }
      : { kind: 'timeout', last: this.latest.get(notificationId) };
  }
}
