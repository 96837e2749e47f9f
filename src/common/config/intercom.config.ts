import { registerAs } from '@nestjs/config';
import { parseEnv } from './env.schema';

export const intercomConfig = registerAs('intercom', () => {
  const env = parseEnv(process.env);
  return {
    accessToken: env.INTERCOM_ACCESS_TOKEN,
    apiBaseUrl: env.INTERCOM_API_BASE_URL.replace(/\/+$/, ''),
    apiVersion: env.INTERCOM_API_VERSION,
    /**
     * The app's client secret, or two during a rotation (the new first); empty: none set.
     * INTERCOM_WEBHOOK_SECRET is the original service's name for the same secret.
     */
    clientSecrets:
      env.INTERCOM_CLIENT_SECRET.length > 0
        ? env.INTERCOM_CLIENT_SECRET
        : env.INTERCOM_WEBHOOK_SECRET,
    /** True only with INTERCOM_WEBHOOK_UNSIGNED=allow (refused in production by the schema). */
    webhookUnsignedAllowed: env.INTERCOM_WEBHOOK_UNSIGNED === 'allow',
    adminId: env.INTERCOM_ADMIN_ID,
    /** Calls per window this process never exceeds; undefined: follow X-RateLimit-Limit alone. */
    rateLimit: env.INTERCOM_RATE_LIMIT,
    rateWindowMs: env.INTERCOM_RATE_WINDOW_MS,
    timeoutMs: env.INTERCOM_TIMEOUT_MS,
    /** While Intercom refuses the token (401/403), ms between two probes (`GET /me`). */
    authProbeIntervalMs: env.INTERCOM_AUTH_PROBE_INTERVAL_MS,
    syncTag: env.INTERCOM_SYNC_TAG,
    memberNumberAttribute: env.INTERCOM_MEMBER_NUMBER_ATTRIBUTE,
  };
});
