/**
 * The member sync's domain events: names and payload types declared once.
 * Emit with `emitMemberSyncEvent(emitter, new XEvent(...))`, listen with `@OnEvent(XEvent.name)`.
 * (What other modules tell the sync, MemberContactWrittenEvent, is one of the Intercom module's.)
 * Both are metrics only: src/metrics is their only listener (see src/intercom/events for the seams).
 */
import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { MemberSyncKind } from '../member-sync-report';

/**
 * `failed`: stopped by an error (Intercom, MySQL or Supabase down); the next run goes on.
 * `incomplete`: a walk over Intercom's search could not see every contact; what it saw was
 * done, and the run is not a success (docs/reference.md, "Walks over Intercom's search").
 */
export type MemberSyncOutcome = 'completed' | 'interrupted' | 'failed' | 'incomplete';

/** A run (not a dry run) ended. Counts only: no member number or value. */
export class MemberSyncRunFinishedEvent {
  constructor(
    readonly kind: MemberSyncKind,
    readonly outcome: MemberSyncOutcome,
    readonly membersExamined: number,
    readonly contactsCompared: number,
    /** Members whose contacts could not all be written. */
    readonly failed: number,
    /** Contacts written per attribute that changed. */
    readonly writtenByAttribute: Readonly<Record<string, number>>,
  ) {}
}

/**
 * When the last incremental and full runs succeeded (epoch ms; null: never), as the
 * shared state says: every instance reports it, whichever instance ran them.
 */
export class MemberSyncStatusEvent {
  constructor(
    readonly incrementalSuccessMs: number | null,
    readonly fullSuccessMs: number | null,
  ) {}
}

export type MemberSyncDomainEvent = MemberSyncRunFinishedEvent | MemberSyncStatusEvent;

export function emitMemberSyncEvent(emitter: EventEmitter2, event: MemberSyncDomainEvent): void {
  emitter.emit(event.constructor.name, event);
}
