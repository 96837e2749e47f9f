import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { MemberContactWrittenEvent } from '../../intercom/events';
import { describeError } from '../../intercom/inbox';
import { attributesHash } from '../change-detection';
import { MemberSyncRepository } from '../member-sync.repository';

/**
 * Records what the other paths (webhook enrichment, backfill, `sync`, re-sync)
 * wrote to a member's contacts, so that the sync knows the member and compares
 * today's attributes with those. Only a member's first record comes from here:
 * those paths write the contacts they were given (one contact, or those with the
 * member's email), not every contact carrying the number, so a record the sync
 * already keeps stays as it is and, when the write differs from it, the next
 * incremental run finds the member due and brings all its contacts up to date
 * (one search; no write where a contact is already right). A failure to record
 * costs at most one needless comparison: it is logged, never thrown at the writer.
 */
@Injectable()
export class MemberContactWrittenListener {
  private readonly logger = new Logger(MemberContactWrittenListener.name);

  constructor(private readonly store: MemberSyncRepository) {}

  @OnEvent(MemberContactWrittenEvent.name)
  async onWritten(event: MemberContactWrittenEvent): Promise<void> {
    try {
      await this.store.recordFirstWritten(event.memberNumber, attributesHash(event.attributes));
    } catch (error) {
      this.logger.warn({
        msg: 'Could not record the attributes written for the member sync',
        member_number: event.memberNumber,
        error: describeError(error),
      });
    }
  }
}
