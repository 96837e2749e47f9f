import { Module } from '@nestjs/common';
import { IntercomGatewayModule } from '../intercom/gateway';
import { MembersModule } from '../members';
import { PositionsModule } from '../positions';
import { MemberContactWrittenListener } from './listeners/member-contact-written.listener';
import { MemberSyncRepository } from './member-sync.repository';
import { MemberSyncService } from './member-sync.service';
import { TypeormMemberSyncRepository } from './persistence/typeorm-member-sync.repository';

/**
 * Keeping enriched contacts current (docs/reference.md, "Member data stays current"): the runs, their tables, and
 * the listener that records what the other paths wrote. Imported by the service
 * (through MemberSyncSchedulerModule) and by the operator CLI (`refresh`), so
 * that a write from either is recorded. Its table's migration is the service's
 * (src/service-migrations.ts).
 */
@Module({
  imports: [MembersModule, PositionsModule, IntercomGatewayModule],
  providers: [
    { provide: MemberSyncRepository, useClass: TypeormMemberSyncRepository },
    MemberSyncService,
    MemberContactWrittenListener,
  ],
  exports: [MemberSyncService],
})
export class MemberSyncModule {}
