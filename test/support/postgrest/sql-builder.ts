/**
 * Builds the single SQL statement that answers a read, shaped like the one PostgREST
 * generates: a CTE with the page, the page's row count, the optional exact count of the
 * whole filtered set, and the body rendered to JSON by PostgreSQL itself (json_agg), so
 * dates, numerics, bigints and timestamps serialize exactly as PostgREST returns them.
 *
 * Identifiers are always double-quoted (after being checked against the schema cache by
 * the caller) and every value is a bind parameter; casts are only ever spelled from
 * PostgreSQL's own `format_type()` output.
 */
import type {
  Filter,
  LogicTree,
  Operation,
  OrderTerm,
  ReadQuery,
  SelectItem,
  SimpleOperator,
} from './query-grammar';

export interface ReadStatementInput {
  schema: string;
  table: string;
  query: ReadQuery;
  /** select-item cast as written → type name spelled by PostgreSQL's format_type(). */
  casts: ReadonlyMap<string, string>;
  offset: number;
  /** Rows in the page; `undefined` for no LIMIT. */
  limit?: number;
  count: boolean;
  single: boolean;
  stripNulls: boolean;
}

export interface Statement {
  text: string;
  values: unknown[];
}

export interface ReadResult {
  total_result_set: number | null;
  page_total: number;
  body: string;
}

const SQL_OPERATORS: Record<SimpleOperator, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'LIKE',
  ilike: 'ILIKE',
  match: '~',
  imatch: '~*',
  isdistinct: 'IS DISTINCT FROM',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
};

const FTS_FUNCTIONS = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
} as const;

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export function buildReadStatement(input: ReadStatementInput): Statement {
  const params = new Params();
  const source = `${quoteIdent(input.schema)}.${quoteIdent(input.table)}`;
  const column = (name: string): string => `${source}.${quoteIdent(name)}`;

  const selectItem = (item: SelectItem): string => {
    if (item.kind === 'star') return `${source}.*`;
    let expression = column(item.field.name);
    if (item.cast !== undefined) {
      const type = input.casts.get(item.cast);
      if (type === undefined) throw new Error(`unresolved cast ${item.cast}`);
      expression = `CAST(${expression} AS ${type})`;
    }
    if (item.alias !== undefined) return `${expression} AS ${quoteIdent(item.alias)}`;
    return item.cast !== undefined ? `${expression} AS ${quoteIdent(item.field.name)}` : expression;
  };

  const operation = (target: string, op: Operation): string => {
    switch (op.kind) {
      case 'is':
        return `${target} IS ${op.value.toUpperCase()}`;
      case 'in':
        // PostgREST turns `in.()` into an empty list (matches nothing).
        if (op.values.length === 1 && op.values[0] === '') return `${target} = ANY('{}')`;
        return `${target} = ANY(${params.add(op.values)})`;
      case 'fts': {
        const language = op.language === undefined ? '' : `${params.add(op.language)}, `;
        return `${target} @@ ${FTS_FUNCTIONS[op.op]}(${language}${params.add(op.value)})`;
      }
      case 'op': {
        const value =
          op.op === 'like' || op.op === 'ilike' ? op.value.replace(/\*/g, '%') : op.value;
        const sqlOperator = SQL_OPERATORS[op.op];
        if (op.quantifier !== undefined) {
          return `${target} ${sqlOperator} ${op.quantifier.toUpperCase()}(${params.add(value)})`;
        }
        return `${target} ${sqlOperator} ${params.add(value)}`;
      }
    }
  };

  const filter = (f: Filter): string => {
    const condition = operation(column(f.field.name), f.operation);
    return f.negated ? `NOT (${condition})` : condition;
  };

  const logic = (tree: LogicTree): string => {
    if (tree.kind === 'filter') return filter(tree.filter);
    const joined = `(${tree.children.map(logic).join(tree.op === 'and' ? ' AND ' : ' OR ')})`;
    return tree.negated ? `NOT ${joined}` : joined;
  };

  const orderTerm = (term: OrderTerm): string => {
    let sql = column(term.field.name);
    if (term.direction) sql += term.direction === 'asc' ? ' ASC' : ' DESC';
    if (term.nulls) sql += term.nulls === 'nullsfirst' ? ' NULLS FIRST' : ' NULLS LAST';
    return sql;
  };

  const conditions = [...input.query.filters.map(filter), ...input.query.logic.map(logic)];
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const orderBy =
    input.query.order.length > 0 ? ` ORDER BY ${input.query.order.map(orderTerm).join(', ')}` : '';
  const limit = input.limit === undefined ? '' : ` LIMIT ${params.add(input.limit)}`;
  const offset = ` OFFSET ${params.add(input.offset)}`;
  const selectList = input.query.select.map(selectItem).join(', ');

  const aggregate = input.single
    ? `(json_agg(_postgrest_t)->0)`
    : `coalesce(json_agg(_postgrest_t), '[]'::json)`;
  const rendered = input.stripNulls ? `json_strip_nulls(${aggregate})` : aggregate;
  const body = input.single ? `coalesce(${rendered}::text, 'null')` : `${rendered}::text`;
  const total = input.count
    ? `(SELECT pg_catalog.count(*) FROM ${source}${where})`
    : 'NULL::bigint';

  const text =
    `WITH pgrst_source AS (SELECT ${selectList} FROM ${source}${where}${orderBy}${limit}${offset}) ` +
    `SELECT ${total} AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total, ` +
    `${body} AS body FROM (SELECT * FROM pgrst_source) _postgrest_t`;
  return { text, values: params.values };
}
