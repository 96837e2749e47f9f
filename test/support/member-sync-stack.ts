/**
 * For member sync tests that run the service as child processes (several
 * instances, SIGKILL): one MariaDB database, one PostgreSQL database behind the
 * PostgREST double and one Intercom double, shared by every process started
 * with `env()`; plus what those tests read back (the sync's state row, its log
 * lines) and seed in bulk.
 */
import {
  createMysqlDatabase,
  createPostgresDatabase,
  type TestMysqlDatabase,
  type TestPostgresDatabase,
} from './databases';
import { startIntercomDouble, type IntercomDouble } from './intercom-double/intercom-double';
import { mysqlEnv } from './mysql-env';
import { startPostgrestServer, type PostgrestServer } from './postgrest/postgrest-server';
import { TEST_CLIENT_SECRET, TEST_INTERCOM_TOKEN, TEST_SERVICE_ROLE_KEY } from './test-app';

export interface MemberSyncStack {
  mysql: TestMysqlDatabase;
  postgres: TestPostgresDatabase;
  postgrest: PostgrestServer;
  intercom: IntercomDouble;
  /** A service process's environment: the sync on, every `intervalMs`, no full run today. */
  env(intervalMs: number, overrides?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/**
 * Twelve hours from now, as `HH:MM` UTC: the daily full run stays out of a test
 * (a fresh database's first full run waits for the next MEMBER_SYNC_FULL_AT).
 */
export function fullRunFarAway(now = Date.now()): string {
  return new Date(now + 12 * 3_600_000).toISOString().slice(11, 16);
}

export async function startMemberSyncStack(): Promise<MemberSyncStack> {
  const mysql = await createMysqlDatabase();
  const postgres = await createPostgresDatabase();
  const postgrest = await startPostgrestServer({
    connectionString: postgres.connectionString,
    serviceKey: TEST_SERVICE_ROLE_KEY,
  });
  const intercom = await startIntercomDouble({ token: TEST_INTERCOM_TOKEN });
  return {
    mysql,
    postgres,
    postgrest,
    intercom,
    env: (intervalMs, overrides = {}) => ({
      NODE_ENV: 'test',
      // Debug: the sync's run start and end lines (when each process held the sync).
      LOG_LEVEL: 'debug',
      ...mysqlEnv(mysql.name),
      SUPABASE_URL: postgrest.url,
      SUPABASE_SERVICE_ROLE_KEY: TEST_SERVICE_ROLE_KEY,
      INTERCOM_ACCESS_TOKEN: TEST_INTERCOM_TOKEN,
      INTERCOM_API_BASE_URL: intercom.url,
      INTERCOM_CLIENT_SECRET: TEST_CLIENT_SECRET,
      // The double's latency sets the pace of a run, not the service's own limiter.
      INTERCOM_RATE_LIMIT: '10000',
      LOOKUP_API_KEYS: 'unused-key',
      MEMBER_SYNC_ENABLED: 'true',
      MEMBER_SYNC_INTERVAL_MS: String(intervalMs),
      MEMBER_SYNC_FULL_AT: fullRunFarAway(),
      ...overrides,
    }),
    async close() {
      await intercom.close();
      await postgrest.close();
      await postgres.drop();
      await mysql.drop();
    },
  };
}

/** The custom attributes of a contact enriched as section 5 says (ZAU, Great Lakes, no position). */
export function enrichedAttributes(
  memberNumber: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    member_number: memberNumber,
    member_type: 'Current Member',
    region: 'GL',
    facility: 'ZAU',
    positions: '',
    ...overrides,
  };
}

/**
 * Active members `first`, `first + 1`, … (`count` of them) at facility 1 (ZAU), emails
 * `m<number>@example.com`, last changed long ago: one multi-row INSERT.
 */
export async function insertActiveMembers(
  mysql: TestMysqlDatabase,
  first: number,
  count: number,
): Promise<string[]> {
  const numbers = Array.from({ length: count }, (_, i) => String(first + i));
  await mysql.query(
    `INSERT INTO members (membernumber, firstname, lastname, email, status, membertypeid, facility_id, updated_at)
     VALUES ${numbers.map(() => `(?, 'M', 'Member', ?, 'Active', 6, 1, '2024-01-01 00:00:00')`).join(', ')}`,
    numbers.flatMap((number) => [number, `m${number}@example.com`]),
  );
  return numbers;
}

/** `member_sync_state.incremental_success_ms`: moves each time an incremental run completes. */
export async function incrementalSuccessMs(mysql: TestMysqlDatabase): Promise<number | null> {
  const rows = await mysql.query<Array<{ ms: string | number | null }>>(
    'SELECT incremental_success_ms AS ms FROM member_sync_state WHERE id = 1',
  );
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? null : Number(ms);
}

export interface SyncRunLine {
  pid: number;
  /** pino's `time`, epoch milliseconds. */
  time: number;
  kind: string;
  /** `started`, `completed`, `interrupted` or `failed`. */
  phase: string;
}

interface LogEntry {
  msg?: unknown;
  pid?: unknown;
  time?: unknown;
}

/** The JSON log lines in a process's output (anything else, e.g. a stack trace, is skipped). */
function logEntries(output: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const text of output.split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      entries.push(JSON.parse(text) as LogEntry);
    } catch {
      // A line cut short by a kill.
    }
  }
  return entries;
}

/** The `msg` of every JSON log line in a process's output. */
export function logMessages(output: string): string[] {
  return logEntries(output).map((entry) => String(entry.msg));
}

/** The member sync's run start and end lines in a process's JSON log output. */
export function syncRunLines(output: string): SyncRunLine[] {
  const lines: SyncRunLine[] = [];
  for (const entry of logEntries(output)) {
    const match = /^Member sync (\w+) run (started|completed|interrupted|failed)$/.exec(
      String(entry.msg),
    );
    if (!match) continue;
    lines.push({
      pid: Number(entry.pid),
      time: Number(entry.time),
      kind: match[1],
      phase: match[2],
    });
  }
  return lines;
}

export interface SyncRunSpan {
  pid: number;
  kind: string;
  start: number;
  /** Infinity when the process logged no end (it was killed mid-run, or is still running). */
  end: number;
}

/** Each run as start → end, from one process's lines (its runs follow one another). */
export function syncRunSpans(lines: readonly SyncRunLine[]): SyncRunSpan[] {
  const spans: SyncRunSpan[] = [];
  let open: SyncRunSpan | undefined;
  for (const line of lines) {
    if (line.phase === 'started') {
      if (open) spans.push(open);
      open = { pid: line.pid, kind: line.kind, start: line.time, end: Infinity };
    } else if (open) {
      open.end = line.time;
      spans.push(open);
      open = undefined;
    }
  }
  if (open) spans.push(open);
  return spans;
}

/** Pairs of runs (of any processes) that overlapped in time: [] when they took turns. */
export function overlappingRuns(spans: readonly SyncRunSpan[]): Array<[SyncRunSpan, SyncRunSpan]> {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const overlaps: Array<[SyncRunSpan, SyncRunSpan]> = [];
  // The run that ends last among those started so far: a long one can cover several later ones.
  let latest: SyncRunSpan | undefined;
  for (const span of sorted) {
    // An end and a start logged in the same millisecond took turns (the lock was handed over).
    if (latest && span.start < latest.end) overlaps.push([latest, span]);
    if (!latest || span.end > latest.end) latest = span;
  }
  return overlaps;
}

/** `wait`, failing with the end of each process's output: what the service logged before it. */
export async function explained<T>(
  wait: Promise<T>,
  processes: ReadonlyArray<{ output: () => string }>,
): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    const outputs = processes.map((p, i) => `--- process ${i + 1}:\n${p.output().slice(-3000)}`);
    throw new Error(`${(error as Error).message}\n${outputs.join('\n')}`);
  }
}

/** 2024-01-01, Unix seconds: long ago, so that a write (stamped now) moves a contact in an order by updated_at. */
export const LONG_AGO_SECONDS = Math.floor(Date.UTC(2024, 0, 1) / 1000);

/**
 * Active members `first`, `first + 1`, … (insertActiveMembers), each with one contact out of
 * date (facility BOS; the member's is ZAU), created and updated long ago, one second apart.
 * Answers contact id → member number.
 */
export async function insertStaleContacts(
  mysql: TestMysqlDatabase,
  intercom: IntercomDouble,
  first: number,
  count: number,
): Promise<Map<string, string>> {
  const numbers = await insertActiveMembers(mysql, first, count);
  const memberOf = new Map<string, string>();
  numbers.forEach((number, i) => {
    const contact = intercom.store.addContact({
      email: `m${number}@example.com`,
      custom_attributes: enrichedAttributes(number, { facility: 'BOS' }),
      created_at: LONG_AGO_SECONDS + i,
      updated_at: LONG_AGO_SECONDS + i,
    });
    memberOf.set(contact.id, number);
  });
  return memberOf;
}
