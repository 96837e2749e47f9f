import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { MemberContactWrittenEvent } from '../../intercom/events/intercom.events';
import { describeError } from '../../intercom/inbox/failure-classification';
import { attributesHash } from '../change-detection';
import { MemberSyncRepository } from '../member-sync.repository';

/**
 * Records what the other paths (webhook enrichment, backfill, `sync`, re-sync)
 * wrote to a member's contacts, so that the sync compares today's attributes
 * with those and not with older ones. A failure to record costs at most one
 * needless comparison at the next run: it is logged, never thrown at the writer.
 */
@Injectable()
export class MemberContactWrittenListener {
  private readonly logger = new Logger(MemberContactWrittenListener.name);

  constructor(private readonly store: MemberSyncRepository) {}

  @OnEvent(MemberContactWrittenEvent.name)
  async onWritten(event: MemberContactWrittenEvent): Promise<void> {
    try {
      await this.store.recordWritten(event.memberNumber, attributesHash(event.attributes));
    } catch (error) {
      this.logger.warn({
        msg: 'Could not record the attributes written for the member sync',
        member_number: event.memberNumber,
        error: describeError(error),
      });
    }
  }
}
