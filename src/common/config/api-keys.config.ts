import { registerAs } from '@nestjs/config';
import { parseEnv } from './env.schema';

/** Keys for the protected surfaces (lookup, admin, metrics), and the lookup's per-caller throttle. */
export const apiKeysConfig = registerAs('apiKeys', () => {
  const env = parseEnv(process.env);
  return {
    lookupKeys: env.LOOKUP_API_KEYS,
    lookupRateLimit: env.LOOKUP_RATE_LIMIT,
    lookupRateWindowMs: env.LOOKUP_RATE_WINDOW_MS,
    adminKeys: env.ADMIN_API_KEYS,
    /** Empty: GET /api/metrics is open; else it needs one of them (Authorization: Bearer). */
    metricsKeys: env.METRICS_API_KEYS,
  };
});
