import { Module } from '@nestjs/common';
import { IntercomGatewayModule } from '../gateway';
import { InboxRepository } from './inbox.repository';
import { InboxWorker } from './inbox-worker';
import { InboxWriter } from './inbox-writer';
import { NotificationHandlerRegistry } from './notification-handler.registry';
import { NotificationReplayService } from './notification-replay.service';
import { TypeormInboxRepository } from './persistence/typeorm-inbox.repository';

/**
 * The notification inbox: the table every notification is recorded in before it is
 * acknowledged, the worker that works on its rows (pausing while Intercom refuses the
 * token, hence the gateway), the handler registry the feature modules fill, and
 * replays. The handlers themselves belong to their modules (EnrichmentModule,
 * ResyncModule); the inbox knows only the NotificationHandler port.
 */
@Module({
  imports: [IntercomGatewayModule],
  providers: [
    { provide: InboxRepository, useClass: TypeormInboxRepository },
    InboxWriter,
    InboxWorker,
    NotificationReplayService,
    NotificationHandlerRegistry,
  ],
  exports: [
    InboxRepository,
    InboxWriter,
    InboxWorker,
    NotificationReplayService,
    NotificationHandlerRegistry,
  ],
})
export class InboxModule {}
