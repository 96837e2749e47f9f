/**
 * Public face of intercom/webhook: Intercom's webhook (`POST /api/intercom/webhook`) and its signature mode.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { WebhookModule } from './webhook.module';
export { describeWebhookMode, webhookMode } from './webhook-mode';
export { WEBHOOK_ROUTE } from './webhook.controller';
export { IntercomSignatureGuard } from './intercom-signature.guard';
