import type { Member } from './member';

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
  /** Round trip to the database, for readiness checks. */
  abstract ping(): Promise<void>;
}
