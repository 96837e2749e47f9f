import { CreateBackfillRuns1764633600000 } from './intercom/backfill/persistence/migrations/1764633600000-create-backfill-runs';
import { CreateInbox1764547200000 } from './intercom/inbox/persistence/migrations/1764547200000-create-inbox';
import { IndexInboxRetention1764810000000 } from './intercom/inbox/persistence/migrations/1764810000000-index-inbox-retention';
import { CreateSyncNotes1764720000000 } from './intercom/sync/notes/persistence/migrations/1764720000000-create-sync-notes';
import { CreateMemberSync1764900000000 } from './member-sync/persistence/migrations/1764900000000-create-member-sync';

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
