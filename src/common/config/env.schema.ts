/**
 * The service's configuration, docs/reference.md, "Configuration": every variable, its default
 * and its validation, declared once. Each concern reads its own namespace
 * (see the *.config.ts files beside this one); this file only parses.
 */
import { z } from 'zod';
import { ConfigValidationError, type ConfigProblem } from './config-validation.error';
import { checkVariableCombinations } from './production-rules';

export { ConfigValidationError } from './config-validation.error';

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
/**
 * A client secret, or two during a rotation (comma-separated, the new one first): a signature
 * made with either is accepted (docs/reference.md, "Configuration").
 */
const secretList = keyList.refine(
  (secrets) => secrets.length <= 2,
  'holds at most two secrets (comma-separated, the new one first, during a rotation)',
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
    TRUST_PROXY_HOPS: z.coerce
      .number({ invalid_type_error: 'must be a whole number of proxies (0 or more)' })
      .int('must be a whole number of proxies (0 or more)')
      .min(0, 'must be a whole number of proxies (0 or more)')
      .default(1),

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
    INTERCOM_CLIENT_SECRET: secretList,
    INTERCOM_WEBHOOK_SECRET: secretList,
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
    // The member card (docs/reference.md, "Member card"): Intercom waits for initialize, so member
    // reads get a deadline under its 2 s; a sync not done within the wait goes on in the inbox.
    CANVAS_READ_TIMEOUT_MS: positiveInt
      .max(1900, 'must be at most 1900 (milliseconds)')
      .default(1500),
    CANVAS_SYNC_WAIT_MS: positiveInt.max(9000, 'must be at most 9000 (milliseconds)').default(8000),

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
    // Set: GET /api/metrics needs one of them (Authorization: Bearer); unset: it is open.
    METRICS_API_KEYS: keyList,
  })
  .superRefine(checkVariableCombinations);

/**
 * The combination rules on their own, over the variables they read: zod skips a refinement
 * when any variable is wrong, and a missing production secret must be reported in the same
 * start as a mistyped port.
 */
const combinations = envSchema
  .innerType()
  .pick({
    NODE_ENV: true,
    DB_TYPE: true,
    SUPABASE_URL: true,
    SUPABASE_SERVICE_ROLE_KEY: true,
    INTERCOM_ACCESS_TOKEN: true,
    INTERCOM_CLIENT_SECRET: true,
    INTERCOM_WEBHOOK_SECRET: true,
    INTERCOM_WEBHOOK_UNSIGNED: true,
    LOOKUP_API_KEYS: true,
  })
  .superRefine(checkVariableCombinations);

export type Env = z.infer<typeof envSchema>;
export type DatabaseType = Env['DB_TYPE'];

/**
 * Parses the environment. Every wrong variable is reported at once, one line each, naming the
 * variable and never echoing a value, so a mistyped secret cannot end up in a log.
 *
 * @throws ConfigValidationError listing every wrong variable.
 */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  // An empty string means "unset" for every variable, as in most .env files.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const issues = [...result.error.issues, ...(combinations.safeParse(cleaned).error?.issues ?? [])];
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const variable = String(issue.path[0] ?? 'environment');
    // One line per variable: the first thing wrong with it is enough to fix it.
    if (problems.some((problem) => problem.variable === variable)) continue;
    problems.push({ variable, detail: describeIssue(issue) });
  }
  throw new ConfigValidationError(problems);
}

/** Zod's issue in plain words; its own wording ("Expected number, received nan") is for developers. */
function describeIssue(issue: z.ZodIssue): string {
  if (issue.code === z.ZodIssueCode.invalid_enum_value) {
    return `must be one of ${issue.options.join(', ')}`;
  }
  // Zod's own wording only: a variable's own invalid_type_error is plain words already.
  if (issue.code === z.ZodIssueCode.invalid_type && issue.message.startsWith('Expected ')) {
    return issue.expected === 'number' ? 'must be a number' : `must be a ${issue.expected}`;
  }
  return issue.message;
}
