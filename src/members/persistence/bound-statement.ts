import type { SelectQueryBuilder } from 'typeorm';

/** SQL generated once, run many times with a new value in the same places. */
export interface BoundStatement {
  readonly sql: string;
  bind(value: string): unknown[];
}

// Stands in for the value while TypeORM writes the SQL. It only has to differ from the statement's
// fixed parameters: a caller's value equal to it is still passed as a value, never as SQL.
const PLACEHOLDER = '\u0000bound-statement-value\u0000';

/**
 * Lets TypeORM write the statement once (aliases, dialect, parameter order),
 * then swaps the placeholder for each call's value: the SQL and the other
 * parameters never change between calls.
 */
export function bindOnce(build: (value: string) => SelectQueryBuilder<object>): BoundStatement {
  const [sql, parameters]: [string, unknown[]] = build(PLACEHOLDER).getQueryAndParameters();
  if (!parameters.includes(PLACEHOLDER)) {
    throw new Error('bindOnce: the statement does not use its value as a parameter');
  }
  return {
    sql,
    bind: (value) => parameters.map((parameter) => (parameter === PLACEHOLDER ? value : parameter)),
  };
}
