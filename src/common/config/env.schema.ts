/**
 * The service's configuration, docs/reference.md, "Configuration": every variable, its default
 * and its validation, declared once. Each concern reads its own namespace
 * (see the *.config.ts files beside this one); this file only parses.
 */
import { z } from 'zod';

const port = z.coerce
  .number({ invalid_type_error: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');
const positiveInt = z.coerce
  .number({ invalid_type_error: 'must be a number' })
  .int('must be an integer')
  .positive('must be a positive integer');
/** Whole days, 1 up to 100 years (longer would overflow the database's date arithmetic). */
const retentionDays = z.coerce
  .number({ invalid_type_error: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be 1 or more (days)')
  .max(36_500, 'must be at most 36500 (days, 100 years)');
const httpUrl = z
  .string()
  .url('must be a URL such as https://example.org')
  .refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://');
/** An optional secret: empty means "not set". */
const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));
/** A comma-separated list of keys; blanks are dropped. */
const keyList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key !== ''),
  );

export const envSchema = z
  .object({
    PORT: port.default(1300),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    LOG_PRETTY: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0, 'must be 0 or more').default(1),

    // mysql: the member database and the service's tables on MySQL/MariaDB (production).
    // sqljs: both in an in-memory SQLite inside the process (the sandbox; nothing survives a restart).
    DB_TYPE: z.enum(['mysql', 'sqljs']).default('mysql'),
    MYSQL_HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    MYSQL_PORT: port.default(3306),
    MYSQL_USER: z.string().min(1, 'must not be empty').default('root'),
    MYSQL_PASS: z.string().default(''),
    MYSQL_DB: z.string().min(1, 'must not be empty').default('natca'),
    MYSQL_POOL_SIZE: positiveInt.default(10),
    MYSQL_QUERY_TIMEOUT_MS: positiveInt.default(5000),
    // Idle pooled connections are closed after this long, before a NAT, load balancer or proxy
    // forgets them silently (AWS NLB: 350 s; Azure: 4 min); mysql2 checks once a second.
    MYSQL_IDLE_TIMEOUT_MS: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be an integer')
      .min(1000, 'must be 1000 or more (milliseconds)')
      .max(3_600_000, 'must be at most 3600000 (one hour)')
      .default(60_000),
    // How long the service's start waits for MySQL (retrying with backoff) before it exits 1; 0 tries once.
    MYSQL_STARTUP_WAIT_MS: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be an integer')
      .min(0, 'must be 0 or more')
      .max(3_600_000, 'must be at most 3600000 (one hour)')
      .default(60_000),

    SUPABASE_URL: httpUrl.optional(),
    SUPABASE_SERVICE_ROLE_KEY: optionalSecret,
    SUPABASE_POSITIONS_TABLE: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a table or view name')
      .default('positions'),
    SUPABASE_TIMEOUT_MS: positiveInt.default(5000),

    INTERCOM_ACCESS_TOKEN: optionalSecret,
    INTERCOM_API_BASE_URL: httpUrl.default('https://api.intercom.io'),
    INTERCOM_API_VERSION: z
      .string()
      .regex(/^\d+\.\d+$|^Unstable$/, 'must be a version such as 2.11')
      .default('2.11'),
    INTERCOM_CLIENT_SECRET: optionalSecret,
    INTERCOM_WEBHOOK_SECRET: optionalSecret,
    // Without a secret every notification is refused 401; `allow` accepts them unsigned (never in production).
    INTERCOM_WEBHOOK_UNSIGNED: z.enum(['refuse', 'allow']).default('refuse'),
    INTERCOM_ADMIN_ID: optionalSecret,
    // A ceiling under Intercom's announced X-RateLimit-Limit; unset or empty: follow Intercom alone.
    INTERCOM_RATE_LIMIT: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      positiveInt.optional(),
    ),
    INTERCOM_RATE_WINDOW_MS: positiveInt.default(10000),
    INTERCOM_TIMEOUT_MS: positiveInt.default(10000),
    // While Intercom refuses the token (401/403), how often GET /me probes whether it works again.
    INTERCOM_AUTH_PROBE_INTERVAL_MS: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be an integer')
      .min(1000, 'must be 1000 or more (milliseconds)')
      .max(2_147_483_647, 'must be at most 2147483647 (milliseconds)')
      .default(60_000),
    INTERCOM_SYNC_TAG: z.string().trim().min(1, 'must not be empty').default('mynatca-sync'),
    INTERCOM_MEMBER_NUMBER_ATTRIBUTE: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .default('member_number_verification'),

    // Calls in flight = rate × answer time (Little's law): Intercom's 1,666 calls per 10 s at
    // 150–300 ms an answer, two calls a notification, need 50 or more notifications at once.
    INBOX_CONCURRENCY: positiveInt.default(64),
    INBOX_MAX_ATTEMPTS: positiveInt.default(8),
    INBOX_RETRY_BASE_MS: positiveInt.default(5000),
    INBOX_RETRY_MAX_MS: positiveInt.default(900_000),
    INBOX_LEASE_MS: positiveInt.default(60_000),
    INBOX_POLL_INTERVAL_MS: positiveInt.default(1000),
    INBOX_DRAIN_TIMEOUT_MS: positiveInt.default(10_000),
    INBOX_WORKER_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    // Payloads hold personal data: done rows are deleted after this many days, failed ones after the other.
    INBOX_RETENTION_DAYS: retentionDays.default(30),
    INBOX_FAILED_RETENTION_DAYS: retentionDays.default(90),

    // Keeping enriched contacts current (member sync): its scheduler runs in the service only.
    MEMBER_SYNC_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    MEMBER_SYNC_INTERVAL_MS: z.coerce
      .number({ invalid_type_error: 'must be a number' })
      .int('must be an integer')
      .min(1000, 'must be 1000 or more (milliseconds)')
      // Node's timers hold at most 2^31 - 1 ms (24.8 days); a longer wait would fire at once.
      .max(2_147_483_647, 'must be at most 2147483647 (milliseconds)')
      .default(300_000),
    MEMBER_SYNC_FULL_AT: z
      .string()
      .trim()
      .regex(
        /^([01]\d|2[0-3]):[0-5]\d$/,
        'must be a UTC time of day as HH:MM (24-hour clock, two digits each)',
      )
      .default('03:00'),
    // Members written at once (one Intercom call each in flight). Little's law: 166.6 calls/s
    // (1,666 per 10 s) × 0.3 s, Intercom's slowest usual answer = 50 calls in flight.
    MEMBER_SYNC_CONCURRENCY: positiveInt.max(500, 'must be at most 500').default(50),

    LOOKUP_API_KEYS: keyList,
    LOOKUP_RATE_LIMIT: positiveInt.default(60),
    LOOKUP_RATE_WINDOW_MS: positiveInt.default(60000),
    ADMIN_API_KEYS: keyList,
  })
  .superRefine((env, ctx) => {
    if (env.SUPABASE_URL && !env.SUPABASE_SERVICE_ROLE_KEY) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SUPABASE_SERVICE_ROLE_KEY'],
        message: 'is required when SUPABASE_URL is set',
      });
    }
    if (env.NODE_ENV !== 'production') return;
    // docs/reference.md, "Delivery guarantees and safety": in production an unsigned webhook or an open lookup is a start-up error.
    if (env.INTERCOM_WEBHOOK_UNSIGNED === 'allow') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['INTERCOM_WEBHOOK_UNSIGNED'],
        message: 'must not be allow when NODE_ENV=production (webhooks would be accepted unsigned)',
      });
    }
    if (!env.INTERCOM_CLIENT_SECRET && !env.INTERCOM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['INTERCOM_CLIENT_SECRET'],
        message: 'is required when NODE_ENV=production (every webhook would be refused)',
      });
    }
    if (env.LOOKUP_API_KEYS.length === 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['LOOKUP_API_KEYS'],
        message:
          'is required when NODE_ENV=production (the lookup endpoint would be closed to everyone)',
      });
    }
    if (!env.SUPABASE_URL) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SUPABASE_URL'],
        message: 'is required when NODE_ENV=production',
      });
    }
    if (env.DB_TYPE !== 'mysql') {
      // The embedded database lives in memory: acknowledged webhooks would die with the process.
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['DB_TYPE'],
        message: 'must be mysql when NODE_ENV=production (sqljs keeps everything in memory)',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
export type DatabaseType = Env['DB_TYPE'];

/** Raised for the first invalid variable; its message is one line and never holds a value. */
export class ConfigValidationError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Parses the environment. Messages name the variable and never echo a value,
 * so a mistyped secret cannot end up in a log.
 */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  // An empty string means "unset" for every variable, as in most .env files.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue.path[0] ?? 'environment');
  const detail =
    issue.code === z.ZodIssueCode.invalid_enum_value
      ? `must be one of ${issue.options.join(', ')}`
      : issue.message;
  throw new ConfigValidationError(variable, detail);
}
