/**
 * POST /contacts/search: the query grammar of the 2.11 description, evaluated over the
 * store's contacts, and Intercom's cursor pagination.
 *
 *  - A query is `{field, operator, value}` or `{operator: 'AND' | 'OR', value: [query, ...]}`.
 *  - Fields: id, role, email, external_id, name, phone, created_at, updated_at,
 *    signed_up_at and custom_attributes.<name>.
 *  - Operators: = != IN NIN > < >= <= ~ !~ ^ $. Date fields (created_at, updated_at,
 *    signed_up_at) accept only = > <, as the description says; others answer 400.
 *    Dates compare to the second (Intercom documents day granularity for > and <).
 *  - `email` compares case-insensitively; other strings exactly.
 *  - `=` null (or '') matches a value that is unset, null or empty; `!=` null the opposite.
 *  - Results are ordered by created_at, then id. The cursor is opaque (base64 of
 *    `[created_at_ms, id, next_page]`, which is what Intercom's cursors decode to).
 *  - Opt-in faults (search-faults.ts): a page returned twice, ids repeated on two pages,
 *    an order by updated_at paged by position.
 */
import type { StoredContact } from './intercom-store';
import type { SearchFaults } from './search-faults';

export class SearchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchError';
  }
}

export interface SearchPage {
  data: StoredContact[];
  totalCount: number;
  page: number;
  perPage: number;
  totalPages: number;
  /** Cursor of the next page; undefined on the last page. */
  nextCursor?: string;
}

type FieldKind = 'string' | 'email' | 'date';
type Predicate = (contact: StoredContact) => boolean;

const STANDARD_FIELDS: Record<string, FieldKind> = {
  id: 'string',
  role: 'string',
  email: 'email',
  external_id: 'string',
  name: 'string',
  phone: 'string',
  created_at: 'date',
  updated_at: 'date',
  signed_up_at: 'date',
};
const DATE_OPERATORS = new Set(['=', '>', '<']);
const OPERATORS = new Set(['=', '!=', 'IN', 'NIN', '>', '<', '>=', '<=', '~', '!~', '^', '$']);

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 150;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isBlank = (value: unknown): boolean => value === undefined || value === null || value === '';

function normalize(value: unknown, kind: FieldKind | 'custom'): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return kind === 'email' ? text.toLowerCase() : text;
}

function toNumber(value: unknown, field: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (value === '' || !Number.isFinite(n)) {
    throw new SearchError(`The value for ${field} must be a number, got ${JSON.stringify(value)}`);
  }
  return n;
}

function compileFilter(field: string, operator: string, expected: unknown): Predicate {
  let kind: FieldKind | 'custom';
  let read: (c: StoredContact) => unknown;
  if (field.startsWith('custom_attributes.') && field.length > 'custom_attributes.'.length) {
    const name = field.slice('custom_attributes.'.length);
    kind = 'custom';
    read = (c) => c.custom_attributes[name];
  } else if (field in STANDARD_FIELDS) {
    kind = STANDARD_FIELDS[field];
    const key = field as keyof StoredContact;
    read = (c) => c[key];
  } else {
    throw new SearchError(`${field} is not a field you can search contacts on`);
  }
  if (!OPERATORS.has(operator)) throw new SearchError(`Operator ${operator} is not supported`);
  if (kind === 'date' && !DATE_OPERATORS.has(operator)) {
    throw new SearchError(`Operator ${operator} is not supported on the date field ${field}`);
  }

  const equals = (actual: unknown, value: unknown): boolean => {
    if (isBlank(value)) return isBlank(actual);
    if (isBlank(actual)) return false;
    if (kind === 'date') return toNumber(actual, field) === toNumber(value, field);
    return normalize(actual, kind) === normalize(value, kind);
  };
  const list = (): unknown[] => {
    if (!Array.isArray(expected)) throw new SearchError(`${operator} needs an array value`);
    return expected;
  };
  const text = (): string => {
    if (typeof expected !== 'string') throw new SearchError(`${operator} needs a string value`);
    return normalize(expected, kind);
  };
  const compare = (test: (a: number, b: number) => boolean): Predicate => {
    const bound = toNumber(expected, field);
    return (c) => {
      const actual = read(c);
      if (isBlank(actual)) return false;
      const n = typeof actual === 'number' ? actual : Number(actual);
      return Number.isFinite(n) && test(n, bound);
    };
  };
  const contains = (test: (actual: string, needle: string) => boolean): Predicate => {
    const needle = text();
    return (c) => {
      const actual = read(c);
      return !isBlank(actual) && test(normalize(actual, kind), needle);
    };
  };

  switch (operator) {
    case '=':
      return (c) => equals(read(c), expected);
    case '!=':
      return (c) => !equals(read(c), expected);
    case 'IN': {
      const values = list();
      return (c) => values.some((v) => equals(read(c), v));
    }
    case 'NIN': {
      const values = list();
      return (c) => !values.some((v) => equals(read(c), v));
    }
    case '>':
      return compare((a, b) => a > b);
    case '<':
      return compare((a, b) => a < b);
    case '>=':
      return compare((a, b) => a >= b);
    case '<=':
      return compare((a, b) => a <= b);
    case '~':
      return contains((a, n) => a.includes(n));
    case '!~': {
      const positive = contains((a, n) => a.includes(n));
      return (c) => !positive(c);
    }
    case '^':
      return contains((a, n) => a.startsWith(n));
    default:
      return contains((a, n) => a.endsWith(n));
  }
}

/** Turns a query into a predicate; throws SearchError for what Intercom rejects. */
export function compileContactQuery(query: unknown): Predicate {
  if (!isRecord(query)) throw new SearchError('query must be an object');
  const { field, operator, value } = query;
  if (typeof field === 'string') {
    if (typeof operator !== 'string') throw new SearchError(`operator is missing for ${field}`);
    return compileFilter(field, operator, value);
  }
  if (operator === 'AND' || operator === 'OR') {
    if (!Array.isArray(value) || value.length === 0) {
      throw new SearchError(`${operator} needs a non-empty array of queries`);
    }
    const parts = value.map(compileContactQuery);
    return operator === 'AND' ? (c) => parts.every((p) => p(c)) : (c) => parts.some((p) => p(c));
  }
  throw new SearchError('query needs either a field or an AND/OR operator');
}

function byCreation(a: StoredContact, b: StoredContact): number {
  return a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function encodeCursor(last: StoredContact, nextPage: number): string {
  return Buffer.from(JSON.stringify([last.created_at * 1000, last.id, nextPage])).toString(
    'base64',
  );
}

function decodeCursor(cursor: string): { createdAt: number; id: string; page: number } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      typeof decoded[0] === 'number' &&
      typeof decoded[1] === 'string' &&
      typeof decoded[2] === 'number'
    ) {
      return { createdAt: decoded[0] / 1000, id: decoded[1], page: decoded[2] };
    }
  } catch {
    // fall through to the error below
  }
  throw new SearchError(`starting_after ${JSON.stringify(cursor)} is not a valid cursor`);
}

function byUpdate(a: StoredContact, b: StoredContact): number {
  return a.updated_at - b.updated_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Filters, sorts and pages contacts the way POST /contacts/search does; `faults` (opt-in,
 * search-faults.ts) make it misbehave as integrators report.
 */
export function searchContacts(
  contacts: StoredContact[],
  body: unknown,
  faults?: SearchFaults,
): SearchPage {
  if (!isRecord(body)) throw new SearchError('the request body must be an object');
  const predicate = compileContactQuery(body.query);
  const pagination = isRecord(body.pagination) ? body.pagination : {};
  const perPage = pagination.per_page ?? DEFAULT_PER_PAGE;
  if (typeof perPage !== 'number' || !Number.isInteger(perPage) || perPage < 1) {
    throw new SearchError('per_page must be a positive integer');
  }
  if (perPage > MAX_PER_PAGE) throw new SearchError(`per_page must be ${MAX_PER_PAGE} or less`);

  const byPosition = faults?.byUpdatedAt === true;
  const matches = contacts.filter(predicate).sort(byPosition ? byUpdate : byCreation);
  const pageOf = (start: number, page: number, nextCursor?: string): SearchPage => {
    const data = matches.slice(start, start + perPage);
    const hasMore = start + perPage < matches.length;
    return {
      data,
      totalCount: matches.length,
      page,
      perPage,
      totalPages: Math.ceil(matches.length / perPage),
      nextCursor:
        nextCursor ?? (hasMore ? encodeCursor(data[data.length - 1], page + 1) : undefined),
    };
  };
  if (typeof pagination.starting_after !== 'string') return pageOf(0, 1);

  const asked = pagination.starting_after;
  const cursor = decodeCursor(asked);
  let start = byPosition
    ? (cursor.page - 1) * perPage
    : matches.findIndex(
        (c) =>
          c.created_at > cursor.createdAt ||
          (c.created_at === cursor.createdAt && c.id > cursor.id),
      );
  if (start === -1) start = matches.length;
  // The previous page again, pointing at the cursor just asked.
  if (faults?.takePageRepeat()) return pageOf(Math.max(0, start - perPage), cursor.page - 1, asked);
  if (faults && faults.idRepeats > 0) start = Math.max(0, start - faults.idRepeats);
  return pageOf(start, cursor.page);
}
