/**
 * Public face of intercom/sync: The manual re-sync (the `mynatca-sync` tag) and its notes to agents.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { ResyncModule } from './resync.module';
export { CreateSyncNotes1764720000000 } from './notes/persistence/migrations/1764720000000-create-sync-notes';
export { MEMBER_CARD_SYNC_TOPIC } from './member-card-sync.job';
export type { MemberCardSyncJob } from './member-card-sync.job';
export { MemberCardSyncResults } from './member-card-sync.results';
export type { SyncNoteOutcome } from './notes/sync-note';
export { memberNumberFrom } from './member-number';
export { fullName } from './member-resync.service';
