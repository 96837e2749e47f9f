import { Injectable } from '@nestjs/common';
import type { IncomingNotification } from './inbox-notification';
import { InboxRepository } from './inbox.repository';

interface Waiting {
  notification: IncomingNotification;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Rows per commit, and characters per statement: at most 3 bytes each, so under MySQL's default 16 MB packet. */
const MAX_BATCH_ROWS = 200;
const MAX_BATCH_CHARS = 4 * 1024 * 1024;

/**
 * Group commit for the webhook route. The first notification is written at
 * once; those that arrive while a write is in flight are written together by
 * the next one, in one statement and one commit. Nobody waits for a timer,
 * and under load one commit acknowledges many requests.
 */
@Injectable()
export class InboxWriter {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(private readonly inbox: InboxRepository) {}

  /** Resolves once the notification is committed (or was already recorded). */
  record(notification: IncomingNotification): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ notification, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.inbox.insertMany(batch.map((w) => w.notification));
          for (const waiting of batch) waiting.resolve();
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private takeBatch(): Waiting[] {
    let chars = 0;
    let count = 0;
    while (count < this.queue.length && count < MAX_BATCH_ROWS) {
      chars += this.queue[count].notification.payload.length;
      if (count > 0 && chars > MAX_BATCH_CHARS) break;
      count += 1;
    }
    return this.queue.splice(0, count);
  }
}
