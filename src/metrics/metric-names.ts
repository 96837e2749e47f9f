/**
 * Every metric the service exports, named once. `natca_` keeps them apart
 * from Node's default metrics (process_*, nodejs_*) on the same page.
 */
export const METRIC = {
  webhookReceived: 'natca_webhook_notifications_received_total',
  notificationsProcessed: 'natca_notifications_processed_total',
  inboxNotifications: 'natca_inbox_notifications',
  inboxOldestPendingAge: 'natca_inbox_oldest_pending_age_seconds',
  inboxDeleted: 'natca_inbox_deleted_total',
  intercomRequestDuration: 'natca_intercom_request_duration_seconds',
  intercomRateLimitWait: 'natca_intercom_rate_limit_wait_seconds',
  intercomMissingAttribute: 'natca_intercom_missing_attribute_total',
  intercomAuthorized: 'natca_intercom_authorized',
  intercomAuthorizationPauses: 'natca_intercom_authorization_pauses_total',
  intercomRefusedAttribute: 'natca_intercom_refused_attribute_total',
  intercomSearchWalks: 'natca_intercom_search_walks_total',
  intercomSearchRepeats: 'natca_intercom_search_repeats_total',
  lookupRequests: 'natca_lookup_requests_total',
  httpRetries: 'natca_http_retries_total',
  mysqlConnectionsDiscarded: 'natca_mysql_connections_discarded_total',
  memberSyncRuns: 'natca_member_sync_runs_total',
  memberSyncMembersExamined: 'natca_member_sync_members_examined_total',
  memberSyncContactsCompared: 'natca_member_sync_contacts_compared_total',
  memberSyncAttributesWritten: 'natca_member_sync_attributes_written_total',
  memberSyncFailures: 'natca_member_sync_failures_total',
  memberSyncLastSuccess: 'natca_member_sync_last_success_timestamp_seconds',
} as const;
