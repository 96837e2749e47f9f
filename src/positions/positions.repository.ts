import type { PositionRecord } from './position';

/**
 * The port to wherever positions live (Supabase in production). Returns the
 * rows current on `day` (UTC, `YYYY-MM-DD`), newest start first, then by title.
 */
export abstract class PositionsRepository {
  /**
   * `deadline` (epoch ms): when the caller must have the answer; waits the store asks for
   * (`Retry-After`) are taken only when they fit before it. Default: 10 s from now.
   */
  abstract findCurrent(
    memberNumber: string,
    day: string,
    deadline?: number,
  ): Promise<PositionRecord[]>;
  /**
   * The rows current on `day` of many members at once, read in pages (a request per
   * page of rows, never one per member); every asked number is a key of the answer,
   * with an empty list when the member has no current row.
   */
  abstract findCurrentForMembers(
    memberNumbers: readonly string[],
    day: string,
  ): Promise<Map<string, PositionRecord[]>>;
  /** One cheap request, for readiness checks. */
  abstract ping(): Promise<void>;
}
