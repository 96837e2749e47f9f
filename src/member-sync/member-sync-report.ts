import type { AttributeChange } from '../intercom/enrichment';

/** `incremental`: changed members; `full`: every contact with a member_number; `member`: one member. */
export type MemberSyncKind = 'incremental' | 'full' | 'member';

/**
 * `busy`: another process holds the sync's lock, nothing was done. `incomplete`: a walk over
 * Intercom's search could not see every contact (`incomplete` says why); what it saw was done.
 */
export type MemberSyncEnd = 'completed' | 'interrupted' | 'busy' | 'incomplete';

/** Failures listed in a report; the count covers the rest. */
const MAX_REPORTED_FAILURES = 20;

/** What one run did (in a dry run, what it would have written). */
export interface MemberSyncReport {
  kind: MemberSyncKind;
  dryRun: boolean;
  end: MemberSyncEnd;
  /** Why the run is incomplete (end `incomplete`); counts only, no id. */
  incomplete?: string;
  membersExamined: number;
  contactsCompared: number;
  /** Contacts written (one PUT each). */
  contactsWritten: number;
  /** Members whose contacts could not all be compared or written. */
  failed: number;
  /** Contacts written, per attribute that changed. */
  writtenByAttribute: Record<string, number>;
  /** `facility "ZAU" → "ORD"` → contacts; phone numbers are counted under `phone` alone. */
  changes: Map<string, number>;
  failures: Array<{ memberNumber: string; error: string }>;
}

export function emptyReport(kind: MemberSyncKind, dryRun: boolean): MemberSyncReport {
  return {
    kind,
    dryRun,
    end: 'completed',
    membersExamined: 0,
    contactsCompared: 0,
    contactsWritten: 0,
    failed: 0,
    writtenByAttribute: {},
    changes: new Map(),
    failures: [],
  };
}

const shown = (value: string | null): string => (value === null ? '(none)' : JSON.stringify(value));

/** How an operator reads one change; a phone number is personal data and never shown. */
export function changeLabel(change: AttributeChange): string {
  if (change.field === 'phone') return 'phone';
  return `${change.field} ${shown(change.from)} → ${shown(change.to)}`;
}

/** Counts one contact written with these changes. */
export function countWrite(report: MemberSyncReport, changes: readonly AttributeChange[]): void {
  report.contactsWritten += 1;
  for (const change of changes) {
    report.writtenByAttribute[change.field] = (report.writtenByAttribute[change.field] ?? 0) + 1;
    const label = changeLabel(change);
    report.changes.set(label, (report.changes.get(label) ?? 0) + 1);
  }
}

export function countFailure(report: MemberSyncReport, memberNumber: string, error: string): void {
  report.failed += 1;
  if (report.failures.length < MAX_REPORTED_FAILURES) report.failures.push({ memberNumber, error });
}
