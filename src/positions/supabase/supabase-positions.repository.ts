import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { SupabaseClient } from '@supabase/supabase-js';
import { supabaseConfig } from '../../common/config/supabase.config';
import { signalUntil } from '../../common/http/retry/deadline-signal';
import type { PositionRecord } from '../position';
import { PositionsRepository } from '../positions.repository';
import { inListChunks } from './in-list-chunks';
import { SUPABASE_CLIENT } from './supabase-client.provider';
import { withoutQueryStrings } from '../../common/text/without-query-strings';

interface PositionRow {
  positiontype: string;
  start_date: string;
}

type KeyedRow = PositionRow & { id: number; membernumber: string };

/** Raised when Supabase answers with an error, or not at all in time. */
export class PositionsUnavailableError extends Error {
  constructor(
    detail: string,
    /** PostgREST's error code (`PGRST205`, a PostgreSQL SQLSTATE…), when it gave one. */
    readonly code?: string,
  ) {
    // The client's errors quote the request URL, whose query names the member: never kept.
    super(`Supabase positions request failed: ${withoutQueryStrings(detail)}`);
    this.name = 'PositionsUnavailableError';
  }
}

function unavailable(error: { code?: string; message: string }): PositionsUnavailableError {
  return new PositionsUnavailableError(
    error.code ? `${error.code} ${error.message}` : error.message || 'no answer',
    error.code || undefined,
  );
}

/**
 * Bytes of URL the member numbers of one `in.(…)` filter may take, encoded: half the ~8 KB
 * Supabase's gateway accepts (`414` beyond), the rest of the URL being a few hundred bytes.
 * About 440 six-digit member numbers.
 */
const IN_LIST_MAX_BYTES = 4_000;
/** Rows asked per page; PostgREST answers at most its `max-rows` (1,000 on Supabase by default, often less). */
const ROWS_PER_PAGE = 1000;
/**
 * A one-member read that returns fewer rows than this is whole without a count: PostgREST's
 * `max-rows` (1,000 on Supabase by default) is never set this low in practice, and a member holds
 * a handful of current positions. At or above it, the member's rows are read in counted pages. The
 * lookup's read thus costs one query, not two: `Prefer: count=exact` made PostgREST count every
 * lookup's rows, 0.71× against 0.90× the plain-Express reference (BENCHMARKS.md, "Status").
 */
const WHOLE_BELOW_ROWS = 20;
/** A read whose caller set no deadline must be over within this, `Retry-After` waits included. */
const READ_BUDGET_MS = 10_000;

/** docs/reference.md, "Data the service reads": newest start first, then by title. */
const byStartThenTitle = (a: PositionRecord, b: PositionRecord) =>
  b.startDate.localeCompare(a.startDate) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);

/**
 * PositionsRepository over supabase-js. Each request is cut at SUPABASE_TIMEOUT_MS and retried
 * by the client's fetch (supabase-fetch.ts) after a reset connection or a `Retry-After` that fits
 * the read's deadline; supabase-js's own retries are switched off (`.retry(false)`).
 *
 * PostgREST cuts any answer at its `max-rows` with a `200` and no error, so the bulk reads ask for
 * the exact count (`Prefer: count=exact`) and read on, keyset on `id`, while a page came back
 * with fewer rows than the count says there are; a one-member read does so only when it returned
 * WHOLE_BELOW_ROWS rows or more.
 */
@Injectable()
export class SupabasePositionsRepository extends PositionsRepository {
  private readonly logger = new Logger(SupabasePositionsRepository.name);

  constructor(
    @Inject(SUPABASE_CLIENT) private readonly client: SupabaseClient | null,
    @Inject(supabaseConfig.KEY) private readonly config: ConfigType<typeof supabaseConfig>,
  ) {
    super();
    // The start-up summary says so already (SUPABASE_URL).
    if (!client) this.logger.debug('Supabase is not configured: positions will be empty');
  }

  async findCurrent(
    memberNumber: string,
    day: string,
    deadline = Date.now() + READ_BUDGET_MS,
  ): Promise<PositionRecord[]> {
    if (!this.client) return [];
    const { data, error } = await this.client
      .from(this.config.positionsTable)
      .select('positiontype,start_date')
      .eq('membernumber', memberNumber)
      .lte('start_date', day)
      .or(`end_date.is.null,end_date.gte.${day}`)
      .order('start_date', { ascending: false })
      .order('positiontype', { ascending: true })
      .retry(false)
      .abortSignal(signalUntil(deadline))
      .returns<PositionRow[]>();
    if (error) throw unavailable(error);
    const rows = (data ?? []).map((row) => ({
      title: row.positiontype,
      startDate: row.start_date,
    }));
    if (rows.length < WHOLE_BELOW_ROWS) return rows;
    // Perhaps cut by max-rows: read the member's rows in counted pages instead.
    const all = await this.readPages([memberNumber], day, () => deadline);
    return (all.get(memberNumber) ?? []).sort(byStartThenTitle);
  }

  async findCurrentForMembers(
    memberNumbers: readonly string[],
    day: string,
  ): Promise<Map<string, PositionRecord[]>> {
    const numbers = [...new Set(memberNumbers)];
    if (!this.client) return new Map(numbers.map((number) => [number, []]));
    // The member sync has no caller deadline: each page gets its own.
    return this.readPages(numbers, day, () => Date.now() + READ_BUDGET_MS);
  }

  async ping(): Promise<void> {
    if (!this.client) throw new PositionsUnavailableError('SUPABASE_URL is not set');
    // No deadline: readiness reports a Supabase that asks to wait as not ready.
    const { error } = await this.client
      .from(this.config.positionsTable)
      .select('id', { head: true })
      .limit(1)
      .retry(false);
    if (error) throw unavailable(error);
  }

  /**
   * The current rows of `numbers` (each a key of the answer), in chunks whose `in.(…)` list
   * keeps the URL short, each read in keyset pages on `id` until the count is reached: rows
   * added meanwhile cannot shift a page, and a page cut by max-rows is followed by the next.
   */
  private async readPages(
    numbers: readonly string[],
    day: string,
    deadline: () => number,
  ): Promise<Map<string, PositionRecord[]>> {
    const client = this.client!;
    const found = new Map<string, PositionRecord[]>(numbers.map((number) => [number, []]));
    for (const chunk of inListChunks(numbers, IN_LIST_MAX_BYTES)) {
      let afterId = 0;
      for (;;) {
        const { data, error, count } = await client
          .from(this.config.positionsTable)
          .select('id,membernumber,positiontype,start_date', { count: 'exact' })
          .in('membernumber', chunk)
          .lte('start_date', day)
          .or(`end_date.is.null,end_date.gte.${day}`)
          .gt('id', afterId)
          .order('id', { ascending: true })
          .limit(ROWS_PER_PAGE)
          .retry(false)
          .abortSignal(signalUntil(deadline()))
          .returns<KeyedRow[]>();
        if (error) throw unavailable(error);
        const rows = data ?? [];
        for (const row of rows) {
          found.get(row.membernumber)?.push({ title: row.positiontype, startDate: row.start_date });
        }
        // `count` is every row past `afterId`; without one, a short page is the last.
        const more = count === null ? rows.length === ROWS_PER_PAGE : rows.length < count;
        if (!more || rows.length === 0) break;
        afterId = rows[rows.length - 1].id;
      }
    }
    return found;
  }
}
