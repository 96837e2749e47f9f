/**
 * The MySQL statements of a member sync run (counted in the CLI process by
 * children/query-counter.ts), by kind. The CLI's own start-up (the MySQL
 * check, migrations) is not the run's and is set apart.
 */

/** Kinds of statement, first match wins; `start-up` is left out of a run's count. */
const KINDS: ReadonlyArray<readonly [string, RegExp]> = [
  ['lock', /\b(GET_LOCK|RELEASE_LOCK|IS_FREE_LOCK|IS_USED_LOCK)\b/i],
  ['sync state', /\bmember_sync_state\b/i],
  ['records read (scan)', /^SELECT\b.*\bFROM\s+`?member_sync_written\b/i],
  ['records written', /^(INSERT|DELETE|UPDATE)\b.*\bmember_sync_written\b/i],
  ['latest change', /\bMAX\(\s*`?updated_at/i],
  ['changed rows', /\bupdated_at`?\s*>/i],
  ['members by number (scan)', /\bmembernumber`?\s+IN\b/i],
  [
    'start-up',
    /\b(service_migrations|information_schema|CREATE TABLE|VERSION\(\))|^(SELECT \?|START TRANSACTION|COMMIT|ROLLBACK|SET |SHOW )/i,
  ],
];

export const START_UP = 'start-up';
/** The kinds that read every recorded member: the check of positions and statuses. */
export const SCAN_KINDS = ['records read (scan)', 'members by number (scan)'];

export function kindOf(statement: string): string {
  for (const [kind, pattern] of KINDS) if (pattern.test(statement)) return kind;
  return 'other';
}

/** Statements by kind. */
export function byKind(queries: Record<string, number>): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const [statement, count] of Object.entries(queries)) {
    const kind = kindOf(statement);
    kinds[kind] = (kinds[kind] ?? 0) + count;
  }
  return kinds;
}

/** The run's statements (start-up left out), and those of the scan among them. */
export function runQueries(queries: Record<string, number>): { total: number; scan: number } {
  let total = 0;
  let scan = 0;
  for (const [kind, count] of Object.entries(byKind(queries))) {
    if (kind === START_UP) continue;
    total += count;
    if (SCAN_KINDS.includes(kind)) scan += count;
  }
  return { total, scan };
}
