import type { AttributeChange } from '../../enrichment';

/**
 * What a sync notification ended with, as the agent who tagged the conversation
 * is told in an internal note (one per notification and outcome). `kind` is also
 * the key that keeps a retry or a replay from writing the same note twice.
 */
export type SyncNoteOutcome =
  | {
      kind: 'synced';
      memberNumber: string;
      name: string;
      status: string;
      /** Attributes the write changed; null when the contact's earlier values are unknown. */
      changes: AttributeChange[] | null;
      created: boolean;
      unarchived: boolean;
      mergedLeads: number;
      archivedUsers: number;
      /** Leads Intercom refused to merge. */
      refusedLeadIds: string[];
      /** The teammate who clicked "Sync member" on the member card; absent for the sync tag. */
      requestedBy?: string;
    }
  /** The conversation has no member number in the attribute the agent fills. */
  | { kind: 'no_member_number'; attribute: string }
  /** The attribute holds text that is not a readable member number. */
  | { kind: 'invalid_member_number'; attribute: string }
  /** No Active or Retired member has the number. */
  | { kind: 'member_not_found'; memberNumber: string }
  /** The member has no email on record, so no contact can be found or created. */
  | { kind: 'member_without_email'; memberNumber: string }
  /** The member's contact is archived and Intercom would not restore it. */
  | { kind: 'contact_not_restorable'; memberNumber?: string }
  /** Failed for good (after the retries, or an answer that retrying cannot change). */
  | { kind: 'failed' };

export type SyncNoteKind = SyncNoteOutcome['kind'];
