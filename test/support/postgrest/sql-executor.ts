/**
 * How the PostgREST test server reaches PostgreSQL: a real server through a pg Pool
 * (tests, benchmarks; pg-pool-executor.ts) or an embedded PGlite (the sandbox;
 * pglite-executor.ts). Either way values arrive shaped as PostgREST's JSON has them:
 * bigint as a number, dates and times as the text PostgreSQL sent.
 */
export interface SqlExecutor {
  /** One statement with `$1`-style parameters; its rows. PostgreSQL's errors are thrown as they are. */
  query<R>(text: string, values?: readonly unknown[]): Promise<R[]>;
}

/** An executor the server created itself, and so also closes. */
export interface OwnedSqlExecutor extends SqlExecutor {
  close(): Promise<void>;
}

const TYPE_OIDS = {
  int8: 20,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
} as const;

const asNumber = (value: string): number => Number(value);
const asText = (value: string): string => value;

/**
 * The text-format parsers both executors install (and no others: every other type keeps
 * its driver's default). Temporal values stay the strings PostgreSQL sends ('2026-11-28',
 * not a JS Date) and bigint becomes a number. Response bodies are rendered to JSON inside
 * PostgreSQL; these apply to the counts and any value read on the Node side.
 */
export const TEXT_PARSERS: Readonly<Record<number, (value: string) => unknown>> = {
  [TYPE_OIDS.int8]: asNumber,
  [TYPE_OIDS.date]: asText,
  [TYPE_OIDS.time]: asText,
  [TYPE_OIDS.timestamp]: asText,
  [TYPE_OIDS.timestamptz]: asText,
  [TYPE_OIDS.interval]: asText,
  [TYPE_OIDS.timetz]: asText,
};
