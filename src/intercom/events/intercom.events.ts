/**
 * The Intercom module's domain events: names and payload types declared once.
 * Emit with `emitIntercomEvent(emitter, new XEvent(...))`, listen with `@OnEvent(XEvent.name)`.
 *
 * Two kinds, said on each class:
 * - **Seams** between parts of the service: the emitter does not know who acts on it.
 *   NotificationRecordedEvent (WebhookController → NotificationRecordedListener → InboxWorker,
 *   whose handlers work over MemberRepository, PositionsService and IntercomGateway) and
 *   MemberContactWrittenEvent (enrichment and re-sync → the member sync's
 *   MemberContactWrittenListener).
 * - **Metrics only**: NotificationSettledEvent, WebhookReceivedEvent, LookupCompletedEvent,
 *   InboxNotificationsDeletedEvent (and the member sync's MemberSyncRunFinishedEvent and
 *   MemberSyncStatusEvent): src/metrics is their only listener; nothing in the service's
 *   behaviour depends on them. A new listener that changes behaviour makes one a seam: say so here.
 */
import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { ContactChanges } from '../gateway';

/**
 * Seam. Notifications were committed to the inbox and can be worked on: emitted
 * by WebhookController once the insert committed; NotificationRecordedListener
 * wakes the InboxWorker (a poll is the backstop).
 */
export class NotificationRecordedEvent {
  constructor(readonly topics: readonly string[]) {}
}

/** Metrics only. The worker finished one notification (for good, or for now). */
export class NotificationSettledEvent {
  constructor(
    readonly notificationId: string,
    readonly topic: string,
    readonly state: 'done' | 'retry' | 'failed',
    readonly reason: string,
  ) {}
}

/** How the webhook route answered one notification. */
export type WebhookReceiveResult =
  'recorded' | 'ignored' | 'rejected_signature' | 'invalid_body' | 'unavailable';

/**
 * Metrics only. The webhook route answered a notification: WebhookController
 * (recorded, ignored, unavailable), WebhookSignatureGuard (rejected_signature),
 * ParseNotificationPipe (invalid_body). `topic` is null when the body could not
 * be trusted or read (bad signature, not a JSON object).
 */
export class WebhookReceivedEvent {
  constructor(
    readonly topic: string | null,
    readonly result: WebhookReceiveResult,
  ) {}
}

/** `invalid`: refused with 400 for its input; `error`: the 500 answers. */
export type LookupResult = 'found' | 'not_found' | 'invalid' | 'error';

/**
 * Metrics only. The email lookup answered (LookupEmailController: found, not_found, error),
 * or refused its input (LookupRefusalFilter: invalid); refusals of its guards are not counted.
 */
export class LookupCompletedEvent {
  constructor(readonly result: LookupResult) {}
}

/**
 * Metrics only. The retention purge deleted `count` inbox rows in `state` (one batch): their
 * time was up (INBOX_RETENTION_DAYS, INBOX_FAILED_RETENTION_DAYS).
 */
export class InboxNotificationsDeletedEvent {
  constructor(
    readonly state: 'done' | 'failed',
    readonly count: number,
  ) {}
}

/**
 * Seam (to the member sync). A member's section 5 attributes were written to (or found already on) one of
 * its contacts, by the webhook enrichment, a backfill, the `sync` command or a
 * re-sync. `attributes` are exactly what the contact now carries from the
 * member (custom attributes, and `phone` when one was written); never logged.
 */
export class MemberContactWrittenEvent {
  constructor(
    readonly memberNumber: string,
    readonly attributes: ContactChanges,
  ) {}
}

/**
 * A walk over Intercom's contact search ended (docs/reference.md, "Walks over Intercom's
 * search"). `walk` names which one (`full_reconciliation`, `backfill`, …); `complete` is
 * false when it gave up before the last page. Counts only: no id, no query value.
 */
export class ContactSearchWalkedEvent {
  constructor(
    readonly walk: string,
    readonly complete: boolean,
    /** Answers whose `next` cursor had been asked already (asked again). */
    readonly repeatedPages: number,
    /** Contacts a page held again (left out). */
    readonly repeatedContacts: number,
  ) {}
}

/** Every event this module emits. An event's name is its class name, so it is declared exactly once. */
export type IntercomDomainEvent =
  | NotificationRecordedEvent
  | NotificationSettledEvent
  | WebhookReceivedEvent
  | LookupCompletedEvent
  | InboxNotificationsDeletedEvent
  | MemberContactWrittenEvent
  | ContactSearchWalkedEvent;

export function emitIntercomEvent(emitter: EventEmitter2, event: IntercomDomainEvent): void {
  emitter.emit(event.constructor.name, event);
}
