import { Module, type OnModuleInit } from '@nestjs/common';
import { MembersModule } from '../../members';
import { PositionsModule } from '../../positions';
import { IntercomGatewayModule } from '../gateway';
import { InboxModule, NotificationHandlerRegistry } from '../inbox';
import { ContactEnrichmentHandler } from './contact-enrichment.handler';
import { ContactEnrichmentService } from './contact-enrichment.service';

/**
 * Real-time enrichment: a contact's member attributes written from MySQL and Supabase
 * when its conversation notifications (ENRICHMENT_TOPICS) come through the inbox.
 * ContactEnrichmentService is exported for the backfill and the CLI's `refresh`.
 */
@Module({
  imports: [MembersModule, PositionsModule, IntercomGatewayModule, InboxModule],
  providers: [ContactEnrichmentService, ContactEnrichmentHandler],
  exports: [ContactEnrichmentService],
})
export class EnrichmentModule implements OnModuleInit {
  constructor(
    private readonly handlers: NotificationHandlerRegistry,
    private readonly handler: ContactEnrichmentHandler,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this.handler);
  }
}
