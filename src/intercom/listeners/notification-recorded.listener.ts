import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { NotificationRecordedEvent } from '../events/intercom.events';
import { InboxWorker } from '../inbox/inbox-worker';

/** Starts work the moment a notification is committed, instead of at the next poll. */
@Injectable()
export class NotificationRecordedListener {
  constructor(private readonly worker: InboxWorker) {}

  // wake() never throws: claim errors are caught and logged by the worker itself.
  @OnEvent(NotificationRecordedEvent.name, { suppressErrors: false })
  handle(): void {
    this.worker.wake();
  }
}
