import { WebhookReceivedEvent } from '../events';
import { IntercomSignatureGuard } from './intercom-signature.guard';
import { HUB_SIGNATURE } from './webhook-signature';

/** `X-Hub-Signature` over the notification's raw body; refusals counted as `rejected_signature`. */
export const WebhookSignatureGuard = IntercomSignatureGuard(HUB_SIGNATURE, {
  refused: () => new WebhookReceivedEvent(null, 'rejected_signature'),
});
