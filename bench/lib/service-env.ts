/**
 * The service's configuration for the bench: production mode, quiet logs,
 * the bench's databases and doubles. Nothing comes from the bench's own
 * environment, so a developer's real Intercom token can never be used here.
 */
import { MYSQL } from '../../test/support/databases';
import { BENCH_CLIENT_SECRET, BENCH_LOOKUP_KEY, BENCH_SERVICE_ROLE_KEY } from './constants';
import type { BenchContext } from './context';

/** Nothing listens on the discard port: a service without a double points here. */
const NO_INTERCOM = 'http://127.0.0.1:9';

export function serviceEnv(
  ctx: BenchContext,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    MYSQL_HOST: MYSQL.host,
    MYSQL_PORT: String(MYSQL.port),
    MYSQL_USER: MYSQL.user,
    MYSQL_PASS: MYSQL.password,
    MYSQL_DB: ctx.mysql.name,
    SUPABASE_URL: ctx.postgrest.info.url,
    SUPABASE_SERVICE_ROLE_KEY: BENCH_SERVICE_ROLE_KEY,
    INTERCOM_CLIENT_SECRET: BENCH_CLIENT_SECRET,
    INTERCOM_API_BASE_URL: NO_INTERCOM,
    LOOKUP_API_KEYS: BENCH_LOOKUP_KEY,
    // The bench is one caller sending thousands of lookups a second: counted, never throttled.
    // A short window, so that a build still on @nestjs/throttler (which keeps a timestamp per
    // hit in the window) can be compared (--compare); the reference gets the same limit.
    LOOKUP_RATE_LIMIT: '1000000000',
    LOOKUP_RATE_WINDOW_MS: '1000',
    INBOX_DRAIN_TIMEOUT_MS: '3000',
    // A member sync round (every 5 minutes by default) would add Intercom calls and queries to
    // whatever is being measured; the member sync measurement runs it through the CLI.
    MEMBER_SYNC_ENABLED: 'false',
    ...overrides,
  };
}
