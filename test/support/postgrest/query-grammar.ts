/**
 * PostgREST's URL grammar for reads (docs.postgrest.org "URL Grammar"; the parsers of
 * PostgREST's ApiRequest/QueryParams.hs), turned into a small AST. Nothing here touches
 * SQL: the AST still holds raw names and values, which sql-builder.ts validates against
 * the schema cache and binds as parameters.
 *
 * Errors use PostgREST's shapes: PGRST100 with `"failed to parse <what> (<input>)" (line 1,
 * column N)` and a parsec-style `unexpected ... expecting ...` detail; PGRST108 for a
 * parameter addressing an embedded resource; PGRST127 for valid syntax of a feature the
 * test server does not implement (resource embedding, JSON paths).
 *
 * Where PostgREST quietly ignores a malformed parameter (an unknown operator in
 * `col=foo.1`, a value without operator, `limit=abc`, trailing garbage after `is.null`),
 * this parser rejects it with PGRST100 instead: stricter than PostgREST, never looser.
 */
import { notEmbeddedError, notImplementedError, queryParamError } from './errors';

export type JsonPathStep = { arrow: '->' | '->>'; key: string };

export interface Field {
  name: string;
  jsonPath: JsonPathStep[];
}

export type SelectItem =
  { kind: 'star' } | { kind: 'field'; field: Field; alias?: string; cast?: string };

export type SimpleOperator =
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'like'
  | 'ilike'
  | 'match'
  | 'imatch'
  | 'isdistinct'
  | 'cs'
  | 'cd'
  | 'ov'
  | 'sl'
  | 'sr'
  | 'nxr'
  | 'nxl'
  | 'adj';

export type FtsOperator = 'fts' | 'plfts' | 'phfts' | 'wfts';
export type TrileanValue = 'null' | 'true' | 'false' | 'unknown';

export type Operation =
  | { kind: 'op'; op: SimpleOperator; quantifier?: 'any' | 'all'; value: string }
  | { kind: 'in'; values: string[] }
  | { kind: 'is'; value: TrileanValue }
  | { kind: 'fts'; op: FtsOperator; language?: string; value: string };

export interface Filter {
  field: Field;
  negated: boolean;
  operation: Operation;
}

export type LogicTree =
  | { kind: 'filter'; filter: Filter }
  | { kind: 'expr'; negated: boolean; op: 'and' | 'or'; children: LogicTree[] };

export interface OrderTerm {
  field: Field;
  direction?: 'asc' | 'desc';
  nulls?: 'nullsfirst' | 'nullslast';
}

export interface ReadQuery {
  /** `select` items; `*` when the request has no `select`. */
  select: SelectItem[];
  /** Column filters (`col=op.value`), ANDed. */
  filters: Filter[];
  /** `or=(...)`, `and=(...)`, `not.or=(...)`, `not.and=(...)`, ANDed. */
  logic: LogicTree[];
  order: OrderTerm[];
  /** `limit` (may be negative: the caller answers that with PGRST103). */
  limit?: number;
  /** `offset` (may be negative: PostgreSQL answers that with 2201X). */
  offset?: number;
}

const SIMPLE_OPERATORS: ReadonlySet<string> = new Set<SimpleOperator>([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'match',
  'imatch',
  'isdistinct',
  'cs',
  'cd',
  'ov',
  'sl',
  'sr',
  'nxr',
  'nxl',
  'adj',
]);
const QUANTIFIABLE = /^(eq|gt|gte|lt|lte|like|ilike|match|imatch)\((any|all)\)$/;
const FTS = /^(fts|plfts|phfts|wfts)(?:\(([\p{L}\p{N}_ $]+)\))?$/u;
const IDENTIFIER_CHAR = /^[\p{L}\p{N}_ $]$/u;
const FIELD_NAME = 'field name (* or [a..z0..9_$])';
const OPERATOR = 'operator (eq, gt, ...)';

/** A parse failure at a 0-based position of the parsed input, with parsec-style details. */
class GrammarError extends Error {
  constructor(
    readonly position: number,
    readonly details: string,
  ) {
    super(details);
  }
}

class Cursor {
  pos = 0;

  constructor(readonly input: string) {}

  get done(): boolean {
    return this.pos >= this.input.length;
  }

  /** The (whole) character at the cursor, or '' at the end. */
  char(offset = 0): string {
    const at = this.pos + offset;
    if (at >= this.input.length) return '';
    return String.fromCodePoint(this.input.codePointAt(at) ?? 0);
  }

  startsWith(text: string): boolean {
    return this.input.startsWith(text, this.pos);
  }

  /** Consumes `text` if it is next. */
  eat(text: string): boolean {
    if (!this.startsWith(text)) return false;
    this.pos += text.length;
    return true;
  }

  expect(text: string): void {
    if (!this.eat(text)) this.fail([JSON.stringify(text)]);
  }

  skipSpaces(): void {
    while (this.char() === ' ' || this.char() === '\t') this.pos += 1;
  }

  fail(expecting: string[], at = this.pos): never {
    const found = at >= this.input.length ? 'end of input' : JSON.stringify(this.input[at]);
    const list =
      expecting.length > 1
        ? `${expecting.slice(0, -1).join(', ')} or ${expecting[expecting.length - 1]}`
        : (expecting[0] ?? '');
    throw new GrammarError(at, `unexpected ${found}${list ? ` expecting ${list}` : ''}`);
  }
}

/** Runs `parse` over the whole `input`, turning grammar failures into PGRST100. */
function run<T>(what: string, shown: string, input: string, parse: (cursor: Cursor) => T): T {
  const cursor = new Cursor(input);
  try {
    const result = parse(cursor);
    if (!cursor.done) cursor.fail(['end of input']);
    return result;
  } catch (error) {
    if (error instanceof GrammarError) {
      throw queryParamError(
        `"failed to parse ${what} (${shown})" (line 1, column ${error.position + 1})`,
        error.details,
      );
    }
    throw error;
  }
}

function parseQuoted(cursor: Cursor): string {
  cursor.expect('"');
  let value = '';
  for (;;) {
    const ch = cursor.char();
    if (ch === '') cursor.fail(['"\\""']);
    cursor.pos += ch.length;
    if (ch === '"') return value;
    if (ch === '\\') {
      const escaped = cursor.char();
      if (escaped === '') cursor.fail(['any character']);
      cursor.pos += escaped.length;
      value += escaped;
    } else {
      value += ch;
    }
  }
}

/** `[\p{L}\p{N}_ $]+`, trimmed (PostgREST's pIdentifier). */
function parseIdentifier(cursor: Cursor, expecting: string): string {
  const start = cursor.pos;
  while (IDENTIFIER_CHAR.test(cursor.char())) cursor.pos += cursor.char().length;
  if (cursor.pos === start) cursor.fail([expecting]);
  return cursor.input.slice(start, cursor.pos).trim();
}

/** A quoted name, or identifiers joined by '-' (a '-' not starting '->'). */
function parseFieldName(cursor: Cursor): string {
  if (cursor.char() === '"') return parseQuoted(cursor);
  const parts = [parseIdentifier(cursor, FIELD_NAME)];
  while (cursor.char() === '-' && cursor.char(1) !== '>') {
    cursor.pos += 1;
    parts.push(parseIdentifier(cursor, FIELD_NAME));
  }
  return parts.join('-');
}

function parseJsonPath(cursor: Cursor): JsonPathStep[] {
  const steps: JsonPathStep[] = [];
  for (;;) {
    const arrow = cursor.eat('->>') ? '->>' : cursor.eat('->') ? '->' : undefined;
    if (!arrow) return steps;
    const index = /^-?\d+(?=->|::|\.|,|\)|$)/.exec(cursor.input.slice(cursor.pos));
    if (index) {
      cursor.pos += index[0].length;
      steps.push({ arrow, key: index[0] });
    } else {
      steps.push({ arrow, key: parseFieldName(cursor) });
    }
  }
}

/** A column reference: name plus optional JSON path, surrounded by optional blanks. */
function parseField(cursor: Cursor): Field {
  cursor.skipSpaces();
  const name = parseFieldName(cursor);
  const jsonPath = parseJsonPath(cursor);
  cursor.skipSpaces();
  return { name, jsonPath };
}

// ---------------------------------------------------------------------------------- select

function parseSelectItem(cursor: Cursor): SelectItem {
  cursor.skipSpaces();
  if (cursor.startsWith('..')) throw notImplementedError('Spreading an embedded resource (..)');
  if (cursor.eat('*')) {
    cursor.skipSpaces();
    return { kind: 'star' };
  }
  let alias: string | undefined;
  let name = parseFieldName(cursor);
  if (cursor.char() === ':' && cursor.char(1) !== ':') {
    cursor.pos += 1;
    alias = name;
    cursor.skipSpaces();
    name = parseFieldName(cursor);
  }
  if (cursor.char() === '(' || cursor.char() === '!') {
    throw notImplementedError(`Embedding the resource '${name}'`);
  }
  const jsonPath = parseJsonPath(cursor);
  let cast: string | undefined;
  if (cursor.eat('::')) cast = parseIdentifier(cursor, 'letter or digit');
  cursor.skipSpaces();
  if (!cursor.done && cursor.char() !== ',') {
    cursor.fail(
      jsonPath.length || cast ? ['","', 'end of input'] : ['"->"', '"::"', '","', 'end of input'],
    );
  }
  const item: SelectItem = { kind: 'field', field: { name, jsonPath } };
  if (alias !== undefined) item.alias = alias;
  if (cast !== undefined) item.cast = cast;
  return item;
}

function parseSelectList(cursor: Cursor): SelectItem[] {
  const items = [parseSelectItem(cursor)];
  while (cursor.eat(',')) items.push(parseSelectItem(cursor));
  return items;
}

// ---------------------------------------------------------------------------------- filters

/** `(a,"b,c",d)`: elements are raw up to ',' or ')', or double-quoted with `\` escapes. */
function parseListValue(cursor: Cursor): string[] {
  cursor.skipSpaces();
  cursor.expect('(');
  cursor.skipSpaces();
  const values = [parseListElement(cursor)];
  while (cursor.eat(',')) values.push(parseListElement(cursor));
  cursor.skipSpaces();
  cursor.expect(')');
  cursor.skipSpaces();
  return values;
}

function parseListElement(cursor: Cursor): string {
  if (cursor.char() === '"') {
    const start = cursor.pos;
    const quoted = parseQuoted(cursor);
    if (cursor.char() === ',' || cursor.char() === ')') return quoted;
    cursor.pos = start;
  }
  return readUntil(cursor, ',)');
}

function readUntil(cursor: Cursor, stops: string): string {
  const start = cursor.pos;
  while (!cursor.done && !stops.includes(cursor.char())) cursor.pos += cursor.char().length;
  return cursor.input.slice(start, cursor.pos);
}

/** A value inside `or=(...)`: quoted, a `{...}` array literal, or raw up to ',' or ')'. */
function parseLogicValue(cursor: Cursor): string {
  if (cursor.char() === '"') {
    const start = cursor.pos;
    const quoted = parseQuoted(cursor);
    if (cursor.done || cursor.char() === ',' || cursor.char() === ')') return quoted;
    cursor.pos = start;
  }
  if (cursor.char() === '{') {
    const close = cursor.input.indexOf('}', cursor.pos);
    const open = cursor.input.indexOf('{', cursor.pos + 1);
    if (close !== -1 && (open === -1 || open > close)) {
      const literal = cursor.input.slice(cursor.pos, close + 1);
      cursor.pos = close + 1;
      return literal;
    }
  }
  return readUntil(cursor, ',)');
}

/** `[not.]operator.value`; `value` reads the operand in the caller's context. */
function parseOperation(
  cursor: Cursor,
  value: (cursor: Cursor) => string,
): { negated: boolean; operation: Operation } {
  const negated = cursor.eat('not.');
  if (cursor.eat('in.'))
    return { negated, operation: { kind: 'in', values: parseListValue(cursor) } };
  if (cursor.eat('is.')) {
    const trilean = /^(null|unknown|true|false)/i.exec(cursor.input.slice(cursor.pos));
    if (!trilean) cursor.fail(['null or trilean value (unknown, true, false)']);
    cursor.pos += trilean[0].length;
    return {
      negated,
      operation: { kind: 'is', value: trilean[0].toLowerCase() as TrileanValue },
    };
  }
  const start = cursor.pos;
  const dot = cursor.input.indexOf('.', start);
  if (dot === -1) cursor.fail(negated ? [OPERATOR] : ['"not"', OPERATOR], cursor.input.length);
  const name = cursor.input.slice(start, dot);
  cursor.pos = dot + 1;
  const fts = FTS.exec(name);
  if (fts) {
    const operation: Operation = { kind: 'fts', op: fts[1] as FtsOperator, value: value(cursor) };
    if (fts[2] !== undefined) operation.language = fts[2].trim();
    return { negated, operation };
  }
  const quantified = QUANTIFIABLE.exec(name);
  if (quantified) {
    const op = quantified[1] as SimpleOperator;
    const quantifier = quantified[2] as 'any' | 'all';
    return { negated, operation: { kind: 'op', op, quantifier, value: value(cursor) } };
  }
  if (SIMPLE_OPERATORS.has(name)) {
    return { negated, operation: { kind: 'op', op: name as SimpleOperator, value: value(cursor) } };
  }
  throw new GrammarError(cursor.pos, `unknown single value operator ${name}`);
}

function parseLogicTree(cursor: Cursor): LogicTree {
  const head = /^(not\.)?(and|or)[ \t]*\(/.exec(cursor.input.slice(cursor.pos));
  if (!head) {
    const field = parseField(cursor);
    cursor.expect('.');
    return { kind: 'filter', filter: { field, ...parseOperation(cursor, parseLogicValue) } };
  }
  cursor.pos += head[0].length;
  const children = [parseLogicTree(cursor)];
  for (;;) {
    cursor.skipSpaces();
    if (!cursor.eat(',')) break;
    cursor.skipSpaces();
    children.push(parseLogicTree(cursor));
  }
  cursor.skipSpaces();
  cursor.expect(')');
  cursor.skipSpaces();
  return { kind: 'expr', negated: head[1] !== undefined, op: head[2] as 'and' | 'or', children };
}

// ---------------------------------------------------------------------------------- order

function parseOrderTerm(cursor: Cursor): OrderTerm {
  cursor.skipSpaces();
  const name = parseFieldName(cursor);
  if (cursor.char() === '(')
    throw notImplementedError(`Ordering by the embedded resource '${name}'`);
  const term: OrderTerm = { field: { name, jsonPath: parseJsonPath(cursor) } };
  cursor.skipSpaces();
  if (cursor.char() === '.') {
    const at = cursor.pos + 1;
    if (cursor.eat('.asc')) term.direction = 'asc';
    else if (cursor.eat('.desc')) term.direction = 'desc';
    else if (cursor.eat('.nullsfirst')) term.nulls = 'nullsfirst';
    else if (cursor.eat('.nullslast')) term.nulls = 'nullslast';
    else cursor.fail(['"asc"', '"desc"', '"nullsfirst"', '"nullslast"'], at);
    if (term.nulls === undefined && cursor.char() === '.') {
      const nullsAt = cursor.pos + 1;
      if (cursor.eat('.nullsfirst')) term.nulls = 'nullsfirst';
      else if (cursor.eat('.nullslast')) term.nulls = 'nullslast';
      else cursor.fail(['"nullsfirst"', '"nullslast"'], nullsAt);
    }
  }
  cursor.skipSpaces();
  if (!cursor.done && cursor.char() !== ',') cursor.fail(['","', 'end of input']);
  return term;
}

function parseOrderList(cursor: Cursor): OrderTerm[] {
  const terms = [parseOrderTerm(cursor)];
  while (cursor.eat(',')) terms.push(parseOrderTerm(cursor));
  return terms;
}

// ---------------------------------------------------------------------------------- entry points

export function parseSelect(value: string): SelectItem[] {
  return run('select parameter', value, value, parseSelectList);
}

/** A filter key: `[embedded.]*column[->json]`. */
function parseTreePath(cursor: Cursor): { embedPath: string[]; field: Field } {
  const names = [parseFieldName(cursor)];
  while (cursor.eat('.')) names.push(parseFieldName(cursor));
  const jsonPath = parseJsonPath(cursor);
  const name = names.pop() ?? '';
  return { embedPath: names, field: { name, jsonPath } };
}

export function parseFilter(key: string, value: string): Filter {
  const { embedPath, field } = run('tree path', key, key, parseTreePath);
  const filter = { field, ...run('filter', value, value, (c) => parseOperation(c, restOfInput)) };
  if (embedPath.length > 0) throw notEmbeddedError(embedPath[0]);
  return filter;
}

export function parseLogic(operator: 'and' | 'or', negated: boolean, value: string): LogicTree {
  const prefix = `${negated ? 'not.' : ''}${operator}`;
  const input = `${prefix}${value}`;
  return run('logic tree', value, input, (cursor: Cursor) => {
    if (!/^(not\.)?(and|or)[ \t]*\(/.test(input)) cursor.fail(['"("'], prefix.length);
    return parseLogicTree(cursor);
  });
}

export function parseOrder(value: string): OrderTerm[] {
  return run('order', value, value, parseOrderList);
}

function restOfInput(cursor: Cursor): string {
  const rest = cursor.input.slice(cursor.pos);
  cursor.pos = cursor.input.length;
  return rest;
}

function parseInteger(what: string, value: string): number {
  return run(`${what} parameter`, value, value, (cursor: Cursor) => {
    const match = /^-?\d+/.exec(value);
    if (!match) cursor.fail(['digit']);
    cursor.pos = match[0].length;
    const parsed = Number(match[0]);
    if (!Number.isSafeInteger(parsed)) cursor.fail(['a smaller number'], 0);
    return parsed;
  });
}

const RESERVED = new Set(['select', 'columns', 'on_conflict']);

/**
 * Splits a read request's query string into PostgREST's parameter kinds and parses each.
 * Every key that is not reserved (`select`, `order`, `limit`, `offset`, `and`, `or`,
 * `columns`, `on_conflict`) is a filter on a column of the requested table.
 */
export function parseReadQuery(params: URLSearchParams): ReadQuery {
  const query: ReadQuery = { select: [{ kind: 'star' }], filters: [], logic: [], order: [] };
  const select = params.get('select');
  if (select !== null) query.select = parseSelect(select);
  for (const [key, value] of params) {
    if (RESERVED.has(key)) continue;
    const path = key.split('.');
    const last = path[path.length - 1];
    if (last === 'and' || last === 'or') {
      const embedded = path.slice(0, -1).filter((part) => part !== 'not');
      if (embedded.length > 0) throw notEmbeddedError(embedded[0]);
      query.logic.push(parseLogic(last, path.length > 1, value));
    } else if (last === 'order' || last === 'limit' || last === 'offset') {
      if (path.length > 1) throw notEmbeddedError(path[0]);
      if (last === 'order') query.order.push(...parseOrder(value));
      else query[last] = parseInteger(last, value);
    } else {
      query.filters.push(parseFilter(key, value));
    }
  }
  return query;
}

/** Every column name a query references, in the order PostgreSQL would meet them. */
export function referencedFields(query: ReadQuery): Field[] {
  const fields: Field[] = [];
  for (const item of query.select) if (item.kind === 'field') fields.push(item.field);
  for (const filter of query.filters) fields.push(filter.field);
  const walk = (tree: LogicTree): void => {
    if (tree.kind === 'filter') fields.push(tree.filter.field);
    else tree.children.forEach(walk);
  };
  query.logic.forEach(walk);
  for (const term of query.order) fields.push(term.field);
  return fields;
}
