import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { apiKeysConfig } from '../common/config/api-keys.config';
import { MembersModule } from '../members/members.module';
import { PositionsModule } from '../positions/positions.module';
import { ContactEnrichmentHandler } from './enrichment/contact-enrichment.handler';
import { ContactEnrichmentService } from './enrichment/contact-enrichment.service';
import { IntercomGatewayModule } from './gateway/intercom-gateway.module';
import { InboxRepository } from './inbox/inbox.repository';
import { InboxWorker } from './inbox/inbox-worker';
import { InboxWriter } from './inbox/inbox-writer';
import { NOTIFICATION_HANDLERS, type NotificationHandler } from './inbox/notification-handler';
import { NotificationHandlerRegistry } from './inbox/notification-handler.registry';
import { NotificationReplayService } from './inbox/notification-replay.service';
import { TypeormInboxRepository } from './inbox/persistence/typeorm-inbox.repository';
import { NotificationRecordedListener } from './listeners/notification-recorded.listener';
import { LookupEmailController } from './lookup/lookup-email.controller';
import { LookupEmailService } from './lookup/lookup-email.service';
import { lookupThrottlerOptions } from './lookup/lookup-throttler.options';
import { SyncNoteRepository } from './sync/notes/sync-note.repository';
import { SyncNoteWriter } from './sync/notes/sync-note.writer';
import { TypeormSyncNoteRepository } from './sync/notes/persistence/typeorm-sync-note.repository';
import { MemberCardSyncHandler } from './sync/member-card-sync.handler';
import { MemberCardSyncResults } from './sync/member-card-sync.results';
import { MemberResyncService } from './sync/member-resync.service';
import { TagSyncHandler } from './sync/tag-sync.handler';
import { WebhookIntakeService } from './webhook/webhook-intake.service';
import { WebhookController } from './webhook/webhook.controller';
import { WorkspaceAttributesModule } from './workspace/workspace-attributes.module';

@Module({
  imports: [
    MembersModule,
    PositionsModule,
    IntercomGatewayModule,
    WorkspaceAttributesModule,
    // For the lookup route's ThrottlerGuard only: Intercom's webhooks never see a 429.
    ThrottlerModule.forRootAsync({
      inject: [apiKeysConfig.KEY],
      useFactory: (keys: ConfigType<typeof apiKeysConfig>) => lookupThrottlerOptions(keys),
    }),
  ],
  controllers: [LookupEmailController, WebhookController],
  providers: [
    LookupEmailService,
    WebhookIntakeService,
    { provide: InboxRepository, useClass: TypeormInboxRepository },
    InboxWriter,
    InboxWorker,
    NotificationReplayService,
    ContactEnrichmentService,
    ContactEnrichmentHandler,
    TagSyncHandler,
    MemberResyncService,
    MemberCardSyncHandler,
    MemberCardSyncResults,
    SyncNoteWriter,
    { provide: SyncNoteRepository, useClass: TypeormSyncNoteRepository },
    {
      provide: NOTIFICATION_HANDLERS,
      inject: [ContactEnrichmentHandler, TagSyncHandler, MemberCardSyncHandler],
      useFactory: (...handlers: NotificationHandler[]) => handlers,
    },
    NotificationHandlerRegistry,
    NotificationRecordedListener,
  ],
  exports: [
    InboxRepository,
    InboxWriter,
    MemberCardSyncResults,
    InboxWorker,
    NotificationReplayService,
    ContactEnrichmentService,
    IntercomGatewayModule,
    WorkspaceAttributesModule,
  ],
})
export class IntercomModule {}
