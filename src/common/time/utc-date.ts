/** Today's calendar date in UTC as `YYYY-MM-DD`, the form PostgreSQL `date` columns compare with. */
export function utcDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
