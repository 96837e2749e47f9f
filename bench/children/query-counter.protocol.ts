/** What the bench gives the query counter preloaded into a CLI process (through BENCH_CHILD_INIT). */
export interface QueryCounterInit {
  /** Where the counts go, as JSON {statement text without values: count}, when the process exits. */
  queryCountFile: string;
}

/** What the counter writes. */
export interface QueryCounts {
  /** Statements by text without values. */
  statements: Record<string, number>;
  /** CPU (user + system) from the first GET_LOCK to exit, ms; null without a GET_LOCK. */
  runCpuMs: number | null;
}
