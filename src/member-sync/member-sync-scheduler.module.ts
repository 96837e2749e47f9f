import { Module } from '@nestjs/common';
import { MemberSyncModule } from './member-sync.module';
import { MemberSyncScheduler } from './member-sync.scheduler';

/**
 * The member sync's timer. Only the service process imports it (AppModule): an
 * operator command must never start a scheduled run (`refresh` runs one itself).
 */
@Module({
  imports: [MemberSyncModule],
  providers: [MemberSyncScheduler],
  exports: [MemberSyncScheduler],
})
export class MemberSyncSchedulerModule {}
