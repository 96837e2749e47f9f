/**
 * Public face of intercom/events: The Intercom events (classes): what the webhook, the inbox and the writers of contacts tell the rest.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export {
  InboxNotificationsDeletedEvent,
  LookupCompletedEvent,
  MemberContactWrittenEvent,
  NotificationRecordedEvent,
  NotificationSettledEvent,
  WebhookReceivedEvent,
  emitIntercomEvent,
} from './intercom.events';
export type { IntercomDomainEvent, WebhookReceiveResult } from './intercom.events';
export { ContactSearchWalkedEvent } from './intercom.events';
