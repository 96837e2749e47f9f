import { Injectable, Logger } from '@nestjs/common';
import { InboxState } from './inbox-notification';
import { InboxRepository } from './inbox.repository';
import { InboxWorker } from './inbox-worker';

export type ReplayResult = 'requeued' | 'not_found' | 'processing';

/** Rows read per query while collecting the ids of failed notifications. */
const LIST_PAGE_SIZE = 500;

/**
 * Processes recorded notifications again, for the admin API and the operator
 * CLI alike. A replayed row is due at once with a fresh attempt budget; the
 * local worker is woken, and other instances find it at their next poll.
 */
@Injectable()
export class NotificationReplayService {
  private readonly logger = new Logger(NotificationReplayService.name);

  constructor(
    private readonly inbox: InboxRepository,
    private readonly worker: InboxWorker,
  ) {}

  /** Any row but one being processed right now can be replayed, done ones included. */
  async replay(id: number): Promise<ReplayResult> {
    if (await this.inbox.requeue(id)) {
      this.logger.log({ msg: 'Notification replay requested', id });
      this.worker.wake();
      return 'requeued';
    }
    return (await this.inbox.find(id)) ? 'processing' : 'not_found';
  }

  /**
   * Makes every failed row due again in one statement. Also returns the ids
   * that were failed just before, so that a caller can follow them.
   */
  async replayFailed(): Promise<{ count: number; ids: number[] }> {
    const ids = await this.failedIds();
    const count = await this.inbox.requeueFailed();
    this.logger.log({ msg: 'Replay of failed notifications requested', count });
    if (count > 0) this.worker.wake();
    return { count, ids };
  }

  private async failedIds(): Promise<number[]> {
    const ids: number[] = [];
    for (let offset = 0; ; offset += LIST_PAGE_SIZE) {
      const page = await this.inbox.list({
        state: InboxState.Failed,
        limit: LIST_PAGE_SIZE,
        offset,
      });
      ids.push(...page.items.map((item) => item.id));
      if (page.items.length < LIST_PAGE_SIZE) return ids;
    }
  }
}
