import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { intercomConfig } from '../../../common/config/intercom.config';
import { IntercomGateway } from '../../gateway';
import { describeError } from '../../inbox';
import type { SyncNoteOutcome } from './sync-note';
import { formatSyncNote } from './sync-note.formatter';
import { SyncNoteRepository } from './sync-note.repository';

/** Where a note goes and on whose behalf. */
export interface SyncNoteTarget {
  /** Intercom's notification id: at most one note per notification and outcome. */
  notificationId: string;
  conversationId: string;
  /** The admin who added the tag, when the payload names one (else INTERCOM_ADMIN_ID). */
  adminId?: string;
}

/** What writing the note came to; the sync's own outcome never depends on it. */
export type SyncNoteResult = 'written' | 'already_written' | 'no_admin' | 'refused';

/**
 * Tells the agent what a re-sync did, in one internal note on the conversation
 * per notification and outcome. The note is recorded right after Intercom took
 * it, before the notification's outcome, so a retry, a replay of a done row or a
 * restart after a crash finds it and writes none again; a replay that ends
 * differently writes the new outcome's note. A note Intercom refuses (or that
 * cannot be sent) is logged and does not fail the sync: the contact work is done.
 */
@Injectable()
export class SyncNoteWriter {
  private readonly logger = new Logger(SyncNoteWriter.name);

  constructor(
    private readonly intercom: IntercomGateway,
    private readonly notes: SyncNoteRepository,
    @Inject(intercomConfig.KEY) private readonly config: ConfigType<typeof intercomConfig>,
  ) {}

  async write(target: SyncNoteTarget, outcome: SyncNoteOutcome): Promise<SyncNoteResult> {
    const log = {
      conversation_id: target.conversationId,
      notification_id: target.notificationId,
      outcome: outcome.kind,
    };
    // A database failure here throws: the notification is retried, and the note written then.
    if ((await this.notes.writtenFor(target.notificationId)) === outcome.kind) {
      return 'already_written';
    }
    const adminId = target.adminId ?? this.config.adminId;
    if (!adminId) {
      this.logger.warn({
        msg: 'Sync note not written: no admin to act as (set INTERCOM_ADMIN_ID)',
        ...log,
      });
      return 'no_admin';
    }
    try {
      await this.intercom.addConversationNote(
        target.conversationId,
        adminId,
        formatSyncNote(outcome, this.config.syncTag),
      );
    } catch (error) {
      this.logger.warn({
        msg: 'Intercom did not take the sync note',
        ...log,
        error: describeError(error),
      });
      return 'refused';
    }
    try {
      await this.notes.record(target.notificationId, outcome.kind);
    } catch (error) {
      // Written but not recorded: only a retry of this very notification could repeat it.
      this.logger.warn({
        msg: 'Sync note written but not recorded',
        ...log,
        error: describeError(error),
      });
    }
    this.logger.log({ msg: 'Wrote sync note on conversation', ...log });
    return 'written';
  }
}
