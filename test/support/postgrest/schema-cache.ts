/**
 * The tables and views of the exposed schema with their columns, read from
 * information_schema — the test server's equivalent of PostgREST's schema cache.
 * Unlike PostgREST it reloads itself when a request names a table or column it does not
 * know, so tables created after the server started are served without a reload signal.
 */
import type { SqlExecutor } from './sql-executor';

export interface TableInfo {
  name: string;
  /** Column names in ordinal order. */
  columns: string[];
}

export class SchemaCache {
  private tables = new Map<string, TableInfo>();
  private loading: Promise<void> | undefined;

  constructor(
    private readonly db: SqlExecutor,
    readonly schema: string,
  ) {}

  /** (Re)reads the schema; concurrent callers share one query. */
  reload(): Promise<void> {
    this.loading ??= this.read().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** The table, reloading once if it is not known yet. */
  async table(name: string): Promise<TableInfo | undefined> {
    if (!this.tables.has(name)) await this.reload();
    return this.tables.get(name);
  }

  /** PostgREST's fuzzy "Perhaps you meant the table ..." hint (similarity >= 0.75). */
  tableHint(name: string): string | null {
    let best: { table: string; score: number } | undefined;
    for (const table of this.tables.keys()) {
      const score = similarity(name.toLowerCase(), table.toLowerCase());
      if (score >= 0.75 && (!best || score > best.score)) best = { table, score };
    }
    return best ? `Perhaps you meant the table '${this.schema}.${best.table}'` : null;
  }

  private async read(): Promise<void> {
    const rows = await this.db.query<{ table_name: string; column_name: string | null }>(
      `SELECT t.table_name::text AS table_name, c.column_name::text AS column_name
         FROM information_schema.tables t
         LEFT JOIN information_schema.columns c
           ON c.table_schema = t.table_schema AND c.table_name = t.table_name
        WHERE t.table_schema = $1
        ORDER BY t.table_name, c.ordinal_position`,
      [this.schema],
    );
    const tables = new Map<string, TableInfo>();
    for (const row of rows) {
      let table = tables.get(row.table_name);
      if (!table) {
        table = { name: row.table_name, columns: [] };
        tables.set(row.table_name, table);
      }
      if (row.column_name !== null) table.columns.push(row.column_name);
    }
    this.tables = tables;
  }
}

/** 1 - Levenshtein distance / length of the longer string. */
function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return 1 - previous[b.length] / longest;
}
