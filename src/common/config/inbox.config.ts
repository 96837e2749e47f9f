import { registerAs } from '@nestjs/config';
import { parseEnv } from './env.schema';

/** The durable webhook inbox: how fast, how often and how long it retries, and how long it keeps rows. */
export const inboxConfig = registerAs('inbox', () => {
  const env = parseEnv(process.env);
  return {
    concurrency: env.INBOX_CONCURRENCY,
    maxAttempts: env.INBOX_MAX_ATTEMPTS,
    retryBaseMs: env.INBOX_RETRY_BASE_MS,
    retryMaxMs: env.INBOX_RETRY_MAX_MS,
    leaseMs: env.INBOX_LEASE_MS,
    pollIntervalMs: env.INBOX_POLL_INTERVAL_MS,
    drainTimeoutMs: env.INBOX_DRAIN_TIMEOUT_MS,
    workerEnabled: env.INBOX_WORKER_ENABLED,
    /** Days a `done` row is kept after it was processed. */
    retentionDays: env.INBOX_RETENTION_DAYS,
    /** Days a `failed` row is kept after its last attempt. */
    failedRetentionDays: env.INBOX_FAILED_RETENTION_DAYS,
  };
});
