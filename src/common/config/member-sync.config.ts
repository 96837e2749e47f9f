import { registerAs } from '@nestjs/config';
import { parseEnv } from './env.schema';

/** Keeping enriched contacts current (docs/reference.md, "Member data stays current"): whether, how often, and when in full. */
export const memberSyncConfig = registerAs('memberSync', () => {
  const env = parseEnv(process.env);
  const [hours, minutes] = env.MEMBER_SYNC_FULL_AT.split(':').map(Number);
  return {
    /** False: no scheduled runs in this process (`npm run cli -- refresh` still works). */
    enabled: env.MEMBER_SYNC_ENABLED,
    /** Milliseconds from the start of one incremental run to the start of the next. */
    intervalMs: env.MEMBER_SYNC_INTERVAL_MS,
    /** Minutes after midnight UTC at which the daily full reconciliation becomes due. */
    fullAtMinutes: hours * 60 + minutes,
    /** As configured, `HH:MM` (UTC), for logs. */
    fullAt: env.MEMBER_SYNC_FULL_AT,
    /**
     * Members brought up to date at once, each with at most one Intercom call in flight (the
     * full reconciliation adds the search for its next page). The rate limiter sets the pace;
     * this only has to cover Intercom's answer time (calls in flight = rate × answer time).
     */
    concurrency: env.MEMBER_SYNC_CONCURRENCY,
  };
});
