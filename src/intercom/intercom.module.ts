import { Module } from '@nestjs/common';
import { EnrichmentModule } from './enrichment';
import { IntercomGatewayModule } from './gateway';
import { InboxModule } from './inbox';
import { NotificationRecordedListener } from './listeners';
import { LookupModule } from './lookup';
import { ResyncModule } from './sync';
import { WebhookModule } from './webhook';
import { WorkspaceAttributesModule } from './workspace';

/**
 * Everything the service does with Intercom, as its feature modules: the gateway
 * (the one way out to Intercom), the inbox, the webhook that fills it, the enrichment
 * and re-sync that work on its rows, the lookup API and the workspace's attributes.
 * The service process and the operator CLI both import it; the backfill, the
 * workspace monitor and the inbox retention are imported by one of them only.
 */
@Module({
  imports: [
    IntercomGatewayModule,
    InboxModule,
    EnrichmentModule,
    ResyncModule,
    LookupModule,
    WebhookModule,
    WorkspaceAttributesModule,
  ],
  // The webhook's seam to the inbox: a recorded notification wakes the worker.
  providers: [NotificationRecordedListener],
  exports: [
    IntercomGatewayModule,
    InboxModule,
    EnrichmentModule,
    ResyncModule,
    WorkspaceAttributesModule,
  ],
})
export class IntercomModule {}
