import { Injectable, Logger } from '@nestjs/common';
import type { NotificationContext, NotificationHandler } from '../inbox';
import { ContactNotRestorableError } from './contact-not-restorable.error';
import {
  MEMBER_CARD_SYNC_TOPIC,
  parseMemberCardSyncJob,
  type MemberCardSyncJob,
} from './member-card-sync.job';
import { MemberCardSyncResults } from './member-card-sync.results';
import { MemberResyncService } from './member-resync.service';
import type { SyncNoteOutcome } from './notes/sync-note';
import { SyncNoteWriter } from './notes/sync-note.writer';

/**
 * docs/reference.md, "Member card": the "Sync member" click, worked by the inbox like a
 * notification (retries, leases, at least once). The same re-sync as the sync tag
 * (MemberResyncService) for the member and the viewed contact, no tag involved; then one
 * internal note (SyncNoteWriter, once per row and outcome) written as the teammate who
 * clicked, naming them. Failures throw: the inbox retries, and onFailed writes the note.
 */
@Injectable()
export class MemberCardSyncHandler implements NotificationHandler {
  readonly topics = [MEMBER_CARD_SYNC_TOPIC] as const;
  /** Recorded by the member card's submit route only, never accepted from a webhook. */
  readonly internalOnly = true;
  private readonly logger = new Logger(MemberCardSyncHandler.name);

  constructor(
    private readonly resync: MemberResyncService,
    private readonly notes: SyncNoteWriter,
    private readonly results: MemberCardSyncResults,
  ) {}

  async handle(payload: unknown, context: NotificationContext): Promise<string> {
    const job = parseMemberCardSyncJob(payload);
    if (!job) return 'unreadable_job';
    this.logger.log({
      msg: 'Processing member card sync',
      conversation_id: job.conversationId,
      member_number: job.memberNumber,
      admin_id: job.adminId,
    });
    const end = await this.resync.resync({
      memberNumber: job.memberNumber,
      conversationContactId: job.contactId,
      log: { conversation_id: job.conversationId },
      source: 'member card sync',
    });
    const note: SyncNoteOutcome =
      end.kind === 'synced' ? { ...end.note, requestedBy: job.adminName } : end.note;
    await this.tell(job, context, note);
    return end.kind;
  }

  async onFailed(payload: unknown, context: NotificationContext, error: unknown): Promise<void> {
    const job = parseMemberCardSyncJob(payload);
    if (!job) return;
    const kind = error instanceof ContactNotRestorableError ? 'contact_not_restorable' : 'failed';
    await this.tell(job, context, { kind });
  }

  private async tell(
    job: MemberCardSyncJob,
    context: NotificationContext,
    note: SyncNoteOutcome,
  ): Promise<void> {
    const target = {
      notificationId: context.notificationId,
      conversationId: job.conversationId,
      adminId: job.adminId,
    };
    await this.notes.write(target, note);
    this.results.set(context.notificationId, note);
  }
}
