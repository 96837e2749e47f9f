import {
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import { METRIC } from './metric-names';

/**
 * The counters and histograms, created through the Nest integration and
 * injected with @InjectMetric. Labels are bounded sets (see metric-labels.ts).
 * The inbox gauges are not here: they are read from the database at scrape
 * time (inbox-metrics.collector.ts).
 */
export const METRIC_PROVIDERS = [
  makeCounterProvider({
    name: METRIC.webhookReceived,
    help: 'Intercom notifications answered by the webhook route, by topic and result.',
    labelNames: ['topic', 'result'],
  }),
  makeCounterProvider({
    name: METRIC.notificationsProcessed,
    help:
      'Processing attempts that ended, by topic and outcome (done, retry, failed); ' +
      'reason is the outcome of done rows and the error class of the others.',
    labelNames: ['topic', 'outcome', 'reason'],
  }),
  makeCounterProvider({
    name: METRIC.inboxDeleted,
    help:
      'Inbox rows deleted by the retention purge, by state (done, failed): past ' +
      'INBOX_RETENTION_DAYS or INBOX_FAILED_RETENTION_DAYS.',
    labelNames: ['state'],
  }),
  makeHistogramProvider({
    name: METRIC.intercomRequestDuration,
    help:
      'Intercom API calls by method, endpoint (ids replaced by {id}) and HTTP status ' +
      '(0: no answer); the _count series counts the calls.',
    labelNames: ['method', 'endpoint', 'status'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  makeHistogramProvider({
    name: METRIC.intercomRateLimitWait,
    help: 'Time each Intercom call waited for the rate limiter before it was sent.',
    buckets: [0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30],
  }),
  makeCounterProvider({
    name: METRIC.intercomMissingAttribute,
    help:
      'Contact writes Intercom refused for a custom data attribute the workspace lacks ' +
      '(sent again without it), by attribute; `npm run cli -- setup` creates them.',
    labelNames: ['attribute'],
  }),
  makeGaugeProvider({
    name: METRIC.intercomAuthorized,
    help:
      '0 while Intercom refuses the access token (401/403) and all Intercom work is paused ' +
      'until a probe succeeds; 1 otherwise.',
  }),
  makeCounterProvider({
    name: METRIC.intercomAuthorizationPauses,
    help: 'Times Intercom work was paused because Intercom refused the access token, by HTTP status (401, 403).',
    labelNames: ['status'],
  }),
  makeCounterProvider({
    name: METRIC.httpRetries,
    help:
      'Calls to Supabase or Intercom sent again, by dependency and reason: connection_reset ' +
      '(a kept-alive connection broke, idempotent calls only), not_connected, retry_after ' +
      "(a 503 or 429 whose Retry-After fitted the caller's deadline).",
    labelNames: ['dependency', 'reason'],
  }),
  makeCounterProvider({
    name: METRIC.intercomRefusedAttribute,
    help:
      'Custom attributes left out of a contact write that went ahead, because Intercom refuses ' +
      'or would refuse their value, by attribute and reason (unknown_attribute, not_a_list_option, ' +
      'type_mismatch, archived_attribute, invalid_value, unresolved).',
    labelNames: ['attribute', 'reason'],
  }),
  makeCounterProvider({
    name: METRIC.mysqlConnectionsDiscarded,
    help:
      'Pooled MySQL connections discarded, by reason: timeout (no answer within ' +
      'MYSQL_QUERY_TIMEOUT_MS), error (reset or lost while in use), suspect_idle (idle ' +
      'connections closed with one of those).',
    labelNames: ['reason'],
  }),
  makeCounterProvider({
    name: METRIC.memberSyncRuns,
    help: 'Member sync runs that ended, by kind (incremental, full, member) and outcome (completed, interrupted, failed, incomplete).',
    labelNames: ['kind', 'outcome'],
  }),
  makeCounterProvider({
    name: METRIC.memberSyncMembersExamined,
    help: 'Members whose contacts the member sync looked at, by kind of run.',
    labelNames: ['kind'],
  }),
  makeCounterProvider({
    name: METRIC.memberSyncContactsCompared,
    help: 'Contacts the member sync compared with the member database, by kind of run.',
    labelNames: ['kind'],
  }),
  makeCounterProvider({
    name: METRIC.memberSyncAttributesWritten,
    help: 'Differences the member sync wrote to contacts, by attribute.',
    labelNames: ['attribute'],
  }),
  makeCounterProvider({
    name: METRIC.memberSyncFailures,
    help: 'Members whose contacts the member sync could not bring up to date (retried next run), by kind.',
    labelNames: ['kind'],
  }),
  makeGaugeProvider({
    name: METRIC.memberSyncLastSuccess,
    help: 'Unix time of the last member sync run that succeeded, by kind (incremental, full), from the shared state; 0: none yet.',
    labelNames: ['kind'],
  }),
  makeCounterProvider({
    name: METRIC.intercomSearchWalks,
    help: 'Walks over Intercom contact search that ended, by walk (full_reconciliation, full_reconciliation_reread, member_numbers, backfill, backfill_sweep) and outcome (complete, incomplete: gave up on a repeating cursor).',
    labelNames: ['walk', 'outcome'],
  }),
  makeCounterProvider({
    name: METRIC.intercomSearchRepeats,
    help: 'What Intercom contact search answered again during walks, by walk and what (page: a next cursor already asked, asked again; contact: an id already seen, left out).',
    labelNames: ['walk', 'what'],
  }),
  makeCounterProvider({
    name: METRIC.lookupRequests,
    help: 'Email lookups answered, by result (found, not_found, invalid, error).',
    labelNames: ['result'],
  }),
];
