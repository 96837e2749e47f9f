import type { PositionRecord } from './position';

/**
 * The port to wherever positions live (Supabase in production). Returns the
 * rows current on `day` (UTC, `YYYY-MM-DD`), newest start first, then by title.
 */
export abstract class PositionsRepository {
  abstract findCurrent(memberNumber: string, day: string): Promise<PositionRecord[]>;
  /** One cheap request, for readiness checks. */
  abstract ping(): Promise<void>;
}
