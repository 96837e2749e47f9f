/**
 * Every member of a batch failed: the cause is not the members (Intercom, MySQL or
 * Supabase is down). The run stops without moving its watermark or cursor, so the
 * next run does that batch again.
 */
export class MemberSyncStoppedError extends Error {
  constructor(readonly lastError: string) {
    super(`Member sync stopped: every member of a batch failed (last: ${lastError})`);
    this.name = 'MemberSyncStoppedError';
  }
}
