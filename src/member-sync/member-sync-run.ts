import type { IntercomContact } from '../intercom/gateway';
import { LOOKUP_STATUSES, type Member } from '../members';
import type { MemberSyncReport } from './member-sync-report';
import type { WorkSlots } from './work-slots';

export interface MemberSyncProgress {
  /** Members examined (incremental, member) or contacts compared (full). */
  done: number;
  /** An estimate; grows as the run finds more. */
  total: number;
  written: number;
  failed: number;
}

export interface MemberSyncOptions {
  /** Read everything, write nothing to Intercom, save no place. */
  dryRun?: boolean;
  /**
   * Aborted: no further member is started; the members in hand (at most
   * MEMBER_SYNC_CONCURRENCY) are finished, and no place is saved past them.
   */
  signal?: AbortSignal;
  onProgress?: (progress: MemberSyncProgress) => void;
}

/** One run in progress: what it reports, how it was asked, and its slots (one per member in hand). */
export interface Run {
  report: MemberSyncReport;
  options: MemberSyncOptions;
  dryRun: boolean;
  slots: WorkSlots;
  /** Progress counts contacts compared (the full run), else members examined. */
  progressByContacts: boolean;
  progressTotal: number;
}

/** Members to bring up to date, with what was read for them. */
export interface MemberBatch {
  members: readonly Member[];
  /** Member number → the contacts carrying it. */
  contacts: Map<string, IntercomContact[]>;
  /** Member number → current position titles. */
  titles: Map<string, string[]>;
  /** Adopt a member's USER by email when no contact carries its number. */
  adopt: boolean;
}

/** How a batch's members ended. */
export interface BatchOutcome {
  /** Every member was started (no stop came first), and every one started has finished. */
  complete: boolean;
  members: number;
  failed: number;
  lastError: string;
}

export const isLookupStatus = (member: Member): boolean => LOOKUP_STATUSES.includes(member.status);

/** Tells the run's progress listener where it stands. */
export function reportProgress(run: Run): void {
  const { report } = run;
  const done = run.progressByContacts ? report.contactsCompared : report.membersExamined;
  run.options.onProgress?.({
    done,
    total: Math.max(run.progressTotal, done),
    written: report.contactsWritten,
    failed: report.failed,
  });
}

/** A promise whose rejection is handled now (it is awaited later, or never). */
export function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
