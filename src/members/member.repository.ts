import type { Member, MemberChange, MemberChangeKey } from './member';

/**
 * The port to the legacy member database. The only code that touches the
 * member tables implements it; tests swap it with `overrideProvider`.
 */
export abstract class MemberRepository {
  // Both look-ups answer null, without a query, for text that is not well-formed Unicode
  // (a lone surrogate): no member has it, and every caller may pass text from outside.
  /** Active or Retired member whose email matches, trimmed and ignoring letter case only. */
  abstract findByEmail(email: string): Promise<Member | null>;
  /** Active or Retired member with exactly this (trimmed) member number. */
  abstract findByNumber(memberNumber: string): Promise<Member | null>;
  /**
   * The members with these numbers, whatever their status (the member sync must see
   * members who left Active/Retired). Numbers are matched exactly; unknown ones are
   * absent from the answer; order is unspecified. Batches of any size are split.
   */
  abstract findByNumbers(memberNumbers: readonly string[]): Promise<Member[]>;
  /**
   * Up to `limit` members (any status) whose row comes after `after` in
   * (`updated_at`, `membernumber`) order, in that order: a keyset page for walking the
   * rows changed since a time. `updatedAt` is the stored DATETIME read as UTC.
   */
  abstract changedSince(after: MemberChangeKey, limit: number): Promise<MemberChange[]>;
  /** The greatest `updated_at` of any member (read as UTC); null when there is no member. */
  abstract latestUpdate(): Promise<Date | null>;
  /** Round trip to the database, for readiness checks. */
  abstract ping(): Promise<void>;
}
