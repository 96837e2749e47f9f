/** Another backfill holds the lock: two walks of one search would redo each other's pages. */
export class BackfillBusyError extends Error {
  constructor(cause: string) {
    super(`Another backfill is running against this database (${cause})`);
    this.name = 'BackfillBusyError';
  }
}

/** The run's saved position could not be used (Intercom refused the cursor). */
export class BackfillCursorRejectedError extends Error {
  constructor(cause: string) {
    super(`Intercom refused the saved position of this backfill (${cause})`);
    this.name = 'BackfillCursorRejectedError';
  }
}
