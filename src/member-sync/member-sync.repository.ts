import type { MemberChangeKey } from '../members';

/** What was last written to a member's contacts: the hash of its section 5 attributes. */
export interface WrittenRecord {
  memberNumber: string;
  /** SHA-256 (hex) of the attributes, see attributesHash(). */
  attributesHash: string;
}

/** Where the sync stands; times are epoch milliseconds. */
export interface MemberSyncState {
  /** The last member row finished by an incremental run; null before the first run. */
  watermark: MemberChangeKey | null;
  incrementalSuccessMs: number | null;
  /** Cursor of the next page of a full run that has not finished (a crash, a shutdown). */
  fullCursor: string | null;
  fullStartedMs: number | null;
  fullSuccessMs: number | null;
}

export type LockedResult<T> = { acquired: true; result: T } | { acquired: false };

/** The port to the member sync's own tables and its lock (docs/reference.md, "Member data stays current"). */
export abstract class MemberSyncRepository {
  abstract readState(): Promise<MemberSyncState>;
  /** Saved after each finished batch, so that a crash redoes at most one batch. */
  abstract saveWatermark(key: MemberChangeKey): Promise<void>;
  abstract markIncrementalSuccess(atMs: number): Promise<void>;
  /** A full run started now (`cursor` null) or finished a page (`cursor` of the next one). */
  abstract saveFullProgress(progress: { cursor: string | null; startedMs?: number }): Promise<void>;
  /** The full run reached its last page: no cursor kept. */
  abstract markFullSuccess(atMs: number): Promise<void>;

  /** Records (insert or replace) what a member's contacts now carry. */
  abstract recordWritten(memberNumber: string, attributesHash: string): Promise<void>;
  /**
   * Records what was written to some of a member's contacts, only when the member has no
   * record yet. An existing record is kept: another path's write to one contact does not
   * prove the member's other contacts current, so the next incremental run compares (and
   * records) for all of them.
   */
  abstract recordFirstWritten(memberNumber: string, attributesHash: string): Promise<void>;
  /** The member has no contact any more (or no member row): nothing to keep current. */
  abstract forget(memberNumbers: readonly string[]): Promise<void>;
  /** Up to `limit` records after `afterMemberNumber`, in member number order (a keyset page). */
  abstract writtenAfter(afterMemberNumber: string, limit: number): Promise<WrittenRecord[]>;

  /**
   * Runs `work` while no other process runs the member sync against this database;
   * `{ acquired: false }` at once, `work` not run, when another one does.
   */
  abstract exclusively<T>(work: () => Promise<T>): Promise<LockedResult<T>>;
}
