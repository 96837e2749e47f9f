import { CreateBackfillRuns1764633600000 } from './intercom/backfill';
import { CreateInbox1764547200000, IndexInboxRetention1764810000000 } from './intercom/inbox';
import { CreateSyncNotes1764720000000 } from './intercom/sync';
import { CreateMemberSync1764900000000 } from './member-sync';

/**
 * The service's own tables, in order. The HTTP service and the operator CLI
 * both pass this list to DatabaseModule.forRoot, so whichever starts first
 * brings the schema up to date.
 */
export const SERVICE_MIGRATIONS = [
  CreateInbox1764547200000,
  CreateBackfillRuns1764633600000,
  CreateSyncNotes1764720000000,
  IndexInboxRetention1764810000000,
  CreateMemberSync1764900000000,
];
