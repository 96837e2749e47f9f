/**
 * Public face of member-sync: The member sync: incremental and full runs that carry member changes to their contacts.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { MemberSyncSchedulerModule } from './member-sync-scheduler.module';
export { MemberSyncModule } from './member-sync.module';
export { MemberSyncRunFinishedEvent, MemberSyncStatusEvent } from './events/member-sync.events';
export type { MemberSyncReport } from './member-sync-report';
export { MemberSyncService } from './member-sync.service';
export type { MemberSyncProgress } from './member-sync.service';
export { CreateMemberSync1764900000000 } from './persistence/migrations/1764900000000-create-member-sync';
