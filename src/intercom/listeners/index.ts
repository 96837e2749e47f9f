/**
 * Public face of intercom/listeners: The seam between the webhook and the inbox worker.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { NotificationRecordedListener } from './notification-recorded.listener';
