import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { canvasConfig } from '../../common/config/canvas.config';
import { emitIntercomEvent, NotificationRecordedEvent, NotificationSettledEvent } from '../events';
import { InboxState, InboxRepository, InboxWriter } from '../inbox';
import { MEMBER_CARD_SYNC_TOPIC, type MemberCardSyncJob, MemberCardSyncResults } from '../sync';
import type { SyncNoteOutcome } from '../sync';

/** Two clicks on one conversation within this many ms are one sync (docs/reference.md, "Member card"). */
export const DOUBLE_CLICK_MS = 60_000;

/** How often the row is read while waiting, for a sync another instance works on. */
const POLL_MS = 250;

/** Where the click's sync stands when the card answers. */
export type CardSyncProgress =
  | { state: 'finished'; outcome: SyncNoteOutcome | null; reason: string; rowState: InboxState }
  | { state: 'started' };

const rowKey = (conversationId: string, slot: number) => `member-card:${conversationId}:${slot}`;

/**
 * Records a "Sync member" click as an inbox row (topic MEMBER_CARD_SYNC_TOPIC), wakes the
 * worker, and waits up to CANVAS_SYNC_WAIT_MS for it to settle. A click within a minute of a
 * recorded one for the same conversation reuses that row (its id is the conversation and
 * the minute; the previous minute's row counts while under a minute old), so a double click
 * syncs, and notes, once. Throws when the inbox cannot record the row.
 */
@Injectable()
export class MemberCardSyncStarter {
  private readonly logger = new Logger(MemberCardSyncStarter.name);

  constructor(
    private readonly writer: InboxWriter,
    private readonly inbox: InboxRepository,
    private readonly results: MemberCardSyncResults,
    private readonly events: EventEmitter2,
    @Inject(canvasConfig.KEY) private readonly config: ConfigType<typeof canvasConfig>,
  ) {}

  async start(job: MemberCardSyncJob, now = Date.now()): Promise<CardSyncProgress> {
    const notificationId = await this.rowFor(job, now);
    const rowId = await this.inbox.idOf(notificationId);
    return this.waitFor(notificationId, rowId, now + this.config.syncWaitMs);
  }

  /** The row of a click less than a minute ago, else a new one. */
  private async rowFor(job: MemberCardSyncJob, now: number): Promise<string> {
    const slot = Math.floor(now / DOUBLE_CLICK_MS);
    const previous = rowKey(job.conversationId, slot - 1);
    const previousId = await this.inbox.idOf(previous);
    if (previousId !== null) {
      const row = await this.inbox.find(previousId);
      if (row && now - row.receivedAt.getTime() < DOUBLE_CLICK_MS) return previous;
    }
    const notificationId = rowKey(job.conversationId, slot);
    // A repeat of this minute's id changes nothing: the first click's row and job stand.
    await this.writer.record({
      notificationId,
      topic: MEMBER_CARD_SYNC_TOPIC,
      payload: JSON.stringify(job),
    });
    emitIntercomEvent(this.events, new NotificationRecordedEvent([MEMBER_CARD_SYNC_TOPIC]));
    this.logger.log({
      msg: 'Member card sync recorded',
      conversation_id: job.conversationId,
      member_number: job.memberNumber,
      notification_id: notificationId,
    });
    return notificationId;
  }

  private async waitFor(
    notificationId: string,
    rowId: number | null,
    deadline: number,
  ): Promise<CardSyncProgress> {
    let wake: () => void = () => undefined;
    const onSettled = (event: NotificationSettledEvent) => {
      if (event.notificationId === notificationId && event.state !== 'retry') wake();
    };
    this.events.on(NotificationSettledEvent.name, onSettled);
    try {
      for (;;) {
        const row = rowId === null ? null : await this.inbox.find(rowId);
        if (row && (row.state === InboxState.Done || row.state === InboxState.Failed)) {
          return {
            state: 'finished',
            outcome: this.results.get(notificationId) ?? null,
            reason: row.outcome ?? row.lastError ?? '',
            rowState: row.state,
          };
        }
        const left = deadline - Date.now();
        if (left <= 0) return { state: 'started' };
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(POLL_MS, left));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      this.events.off(NotificationSettledEvent.name, onSettled);
    }
  }
}
