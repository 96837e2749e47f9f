/**
 * Public face of intercom/backfill: The backfill of contacts that never wrote in (operator CLI only).
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { BackfillModule } from './backfill.module';
export { BackfillBusyError, BackfillCursorRejectedError } from './backfill.errors';
export { ContactBackfillService } from './contact-backfill.service';
export type { BackfillProgress, BackfillReport } from './contact-backfill.service';
export { CreateBackfillRuns1764633600000 } from './persistence/migrations/1764633600000-create-backfill-runs';
