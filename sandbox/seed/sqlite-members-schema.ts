/**
 * The legacy member tables for SQLite, derived from the MySQL DDL the tests use
 * (test/sql/members-schema.sql), so there is one schema to maintain. The
 * conversion knows exactly the MySQL constructs that file uses and refuses any
 * other, so a change there fails loudly here rather than drifting quietly
 * (test/integration/sandbox/members-schema-drift.int-spec.ts compares both).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MEMBERS_SCHEMA_PATH = join(__dirname, '..', '..', 'test', 'sql', 'members-schema.sql');

/** Column words only MySQL understands; the conversion has no SQLite spelling for them. */
const MYSQL_ONLY =
  /\b(AUTO_INCREMENT|UNSIGNED|ZEROFILL|ON\s+UPDATE|ENUM|CHARACTER\s+SET|CHARSET|COLLATE|COMMENT|GENERATED)\b/i;
/** `KEY name (cols)`, `INDEX name (cols)`, `UNIQUE KEY name (cols)`: separate statements in SQLite. */
const INDEX_ITEM = /^(UNIQUE\s+)?(?:KEY|INDEX)\s+(\w+)\s*\(([^)]+)\)$/i;
/**
 * Table options after the closing parenthesis. SQLite has none of them: text compares byte
 * for byte there, and the one comparison that ignores letter case folds it explicitly
 * (SqlDialect.lowerCaseExact).
 */
const TABLE_OPTIONS =
  /^(\s*(ENGINE|(DEFAULT\s+)?(CHARSET|CHARACTER\s+SET|COLLATE))\s*=?\s*\w+)*\s*$/i;

export class SchemaConversionError extends Error {
  constructor(detail: string) {
    super(`Cannot derive the SQLite member schema from ${MEMBERS_SCHEMA_PATH}: ${detail}`);
    this.name = 'SchemaConversionError';
  }
}

/** Splits on commas outside parentheses: `a INT, KEY k (a, b)` → two items. */
function topLevelItems(body: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of body) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current.trim());
  return items.filter((item) => item !== '');
}

/** MySQL's primary key columns are NOT NULL by definition; SQLite's are not unless told so. */
function notNullPrimaryKey(column: string): string {
  if (!/\bPRIMARY\s+KEY\b/i.test(column) || /\bNOT\s+NULL\b/i.test(column)) return column;
  return column.replace(/\bPRIMARY\s+KEY\b/i, 'NOT NULL PRIMARY KEY');
}

function convertTable(statement: string): string[] {
  const match = /^CREATE\s+TABLE\s+(\w+)\s*\(([\s\S]*)\)([^)]*)$/i.exec(statement);
  if (!match) throw new SchemaConversionError(`not a CREATE TABLE: ${statement.slice(0, 60)}`);
  const [, table, body, options] = match;
  if (!TABLE_OPTIONS.test(options)) {
    throw new SchemaConversionError(`table option "${options.trim()}" of ${table}`);
  }
  const columns: string[] = [];
  const indexes: string[] = [];
  for (const item of topLevelItems(body)) {
    const index = INDEX_ITEM.exec(item);
    if (index) {
      const [, unique, name, indexColumns] = index;
      indexes.push(
        `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${table} (${indexColumns.trim()})`,
      );
      continue;
    }
    const mysqlOnly = MYSQL_ONLY.exec(item);
    if (mysqlOnly) throw new SchemaConversionError(`"${item}" in ${table} uses ${mysqlOnly[1]}`);
    columns.push(notNullPrimaryKey(item));
    // InnoDB indexes every foreign key column by itself; SQLite only if asked.
    const reference = /^(\w+)\s.*\bREFERENCES\b/i.exec(item);
    if (reference)
      indexes.push(`CREATE INDEX ${table}_${reference[1]} ON ${table} (${reference[1]})`);
  }
  return [`CREATE TABLE ${table} (\n  ${columns.join(',\n  ')}\n)`, ...indexes];
}

/** One SQLite statement per entry (sql.js runs one statement per call). */
export function sqliteMembersSchema(
  mysqlDdl: string = readFileSync(MEMBERS_SCHEMA_PATH, 'utf8'),
): string[] {
  return mysqlDdl
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '')
    .flatMap(convertTable);
}
