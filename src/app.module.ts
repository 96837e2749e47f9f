import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ConfigModule } from './common/config/config.module';
import { DatabaseModule } from './common/database/database.module';
import { HttpErrorFilter } from './common/errors/http-error.filter';
import { LoggingModule } from './common/logging/logging.module';
import { createValidationPipe } from './common/validation/validation.pipe';
import { AdminModule } from './admin';
import { HealthModule } from './health';
import { InboxRetentionModule } from './intercom/inbox';
import { IntercomModule } from './intercom';
import { CanvasModule } from './intercom/canvas';
import { WorkspaceMonitorModule } from './intercom/workspace';
import { MemberSyncSchedulerModule } from './member-sync';
import { MetricsModule } from './metrics';
import { SERVICE_MIGRATIONS } from './service-migrations';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule.forRoot({ migrations: SERVICE_MIGRATIONS }),
    EventEmitterModule.forRoot(),
    IntercomModule,
    // The member card beside every conversation (Canvas Kit inbox app).
    CanvasModule,
    // The workspace's contact attributes, checked at start and hourly (not in the CLI).
    WorkspaceMonitorModule,
    // Deletes inbox rows past their retention, hourly (not in the CLI either).
    InboxRetentionModule,
    // Keeps enriched contacts current every MEMBER_SYNC_INTERVAL_MS (not in the CLI: `refresh`).
    MemberSyncSchedulerModule,
    HealthModule,
    MetricsModule,
    AdminModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class AppModule {}
