import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { NotificationRecordedEvent } from '../events';
import { InboxWorker } from '../inbox';

/**
 * The inbox side of the webhook's seam: WebhookController emits
 * NotificationRecordedEvent once a notification is committed, and this starts
 * the InboxWorker on it at once instead of at the next poll. The worker claims
 * the row and runs its handler (ContactEnrichmentHandler, TagSyncHandler), which
 * read the member through MemberRepository and PositionsService and write the
 * contact through IntercomGateway.
 */
@Injectable()
export class NotificationRecordedListener {
  constructor(private readonly worker: InboxWorker) {}

  // wake() never throws: claim errors are caught and logged by the worker itself.
  @OnEvent(NotificationRecordedEvent.name, { suppressErrors: false })
  handle(): void {
    this.worker.wake();
  }
}
