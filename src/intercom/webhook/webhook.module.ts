import { Module } from '@nestjs/common';
import { InboxModule } from '../inbox';
import { WebhookIntakeService } from './webhook-intake.service';
import { WebhookController } from './webhook.controller';

/**
 * Intercom's webhook: `POST /api/intercom/webhook` checks the signature, records each
 * notification a handler works on in the inbox and acknowledges it.
 */
@Module({
  imports: [InboxModule],
  controllers: [WebhookController],
  providers: [WebhookIntakeService],
})
export class WebhookModule {}
