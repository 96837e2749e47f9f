/**
 * Every metric the service exports, named once. `natca_` keeps them apart
 * from Node's default metrics (process_*, nodejs_*) on the same page.
 */
export const METRIC = {
  webhookReceived: 'natca_webhook_notifications_received_total',
  notificationsProcessed: 'natca_notifications_processed_total',
  inboxNotifications: 'natca_inbox_notifications',
  inboxOldestPendingAge: 'natca_inbox_oldest_pending_age_seconds',
  intercomRequestDuration: 'natca_intercom_request_duration_seconds',
  intercomRateLimitWait: 'natca_intercom_rate_limit_wait_seconds',
  intercomMissingAttribute: 'natca_intercom_missing_attribute_total',
  lookupRequests: 'natca_lookup_requests_total',
} as const;
