import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ConfigModule } from '../common/config/config.module';
import { DatabaseModule } from '../common/database/database.module';
import { BackfillModule } from '../intercom/backfill';
import { IntercomModule } from '../intercom';
import { MemberSyncModule } from '../member-sync';
import { MembersModule } from '../members';
import { SERVICE_MIGRATIONS } from '../service-migrations';

/**
 * The service's own modules, without HTTP: the same configuration, database
 * and migrations, gateway (with its rate limiter), enrichment and inbox
 * worker. Logging goes through CliLogger instead of pino (see cli-context.ts).
 */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule.forRoot({ migrations: SERVICE_MIGRATIONS }),
    EventEmitterModule.forRoot(),
    MembersModule,
    IntercomModule,
    BackfillModule,
    // `refresh`; and records what `sync` and `backfill` write, for the member sync.
    MemberSyncModule,
  ],
})
export class CliModule {}
