import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { SupabaseClient } from '@supabase/supabase-js';
import { supabaseConfig } from '../../common/config/supabase.config';
import type { PositionRecord } from '../position';
import { PositionsRepository } from '../positions.repository';
import { SUPABASE_CLIENT } from './supabase-client.provider';

interface PositionRow {
  positiontype: string;
  start_date: string;
}

/** Raised when Supabase answers with an error, or not at all in time. */
export class PositionsUnavailableError extends Error {
  constructor(detail: string) {
    super(`Supabase positions request failed: ${detail}`);
    this.name = 'PositionsUnavailableError';
  }
}

function unavailable(error: { code?: string; message: string }): PositionsUnavailableError {
  return new PositionsUnavailableError(
    error.code ? `${error.code} ${error.message}` : error.message,
  );
}

/** Member numbers per `in.(…)` filter: keeps the URL a few kilobytes long. */
const MEMBERS_PER_REQUEST = 100;
/** Rows per request; PostgREST's usual `max-rows` is 1000, so a page never comes back cut short. */
const ROWS_PER_PAGE = 1000;

/**
 * PositionsRepository over supabase-js. One request per call, bounded by
 * SUPABASE_TIMEOUT_MS, and with supabase-js's own retries switched off:
 * they would multiply the wait, and the callers retry on their own terms.
 */
@Injectable()
export class SupabasePositionsRepository extends PositionsRepository {
  private readonly logger = new Logger(SupabasePositionsRepository.name);

  constructor(
    @Inject(SUPABASE_CLIENT) private readonly client: SupabaseClient | null,
    @Inject(supabaseConfig.KEY) private readonly config: ConfigType<typeof supabaseConfig>,
  ) {
    super();
    if (!client) this.logger.warn('Supabase is not configured: positions will be empty');
  }

  async findCurrent(memberNumber: string, day: string): Promise<PositionRecord[]> {
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
      .abortSignal(AbortSignal.timeout(this.config.timeoutMs))
      .returns<PositionRow[]>();
    if (error) throw unavailable(error);
    return (data ?? []).map((row) => ({ title: row.positiontype, startDate: row.start_date }));
  }

  async findCurrentForMembers(
    memberNumbers: readonly string[],
    day: string,
  ): Promise<Map<string, PositionRecord[]>> {
    const found = new Map<string, PositionRecord[]>();
    const numbers = [...new Set(memberNumbers)];
    for (const memberNumber of numbers) found.set(memberNumber, []);
    if (!this.client) return found;
    for (let start = 0; start < numbers.length; start += MEMBERS_PER_REQUEST) {
      const chunk = numbers.slice(start, start + MEMBERS_PER_REQUEST);
      // Keyset on id rather than offsets: rows added meanwhile cannot shift a page.
      let afterId = 0;
      for (;;) {
        const { data, error } = await this.client
          .from(this.config.positionsTable)
          .select('id,membernumber,positiontype,start_date')
          .in('membernumber', chunk)
          .lte('start_date', day)
          .or(`end_date.is.null,end_date.gte.${day}`)
          .gt('id', afterId)
          .order('id', { ascending: true })
          .limit(ROWS_PER_PAGE)
          .retry(false)
          .abortSignal(AbortSignal.timeout(this.config.timeoutMs))
          .returns<Array<PositionRow & { id: number; membernumber: string }>>();
        if (error) throw unavailable(error);
        const rows = data ?? [];
        for (const row of rows) {
          found.get(row.membernumber)?.push({ title: row.positiontype, startDate: row.start_date });
        }
        if (rows.length < ROWS_PER_PAGE) break;
        afterId = rows[rows.length - 1].id;
      }
    }
    return found;
  }

  async ping(): Promise<void> {
    if (!this.client) throw new PositionsUnavailableError('not configured');
    const { error } = await this.client
      .from(this.config.positionsTable)
      .select('id', { head: true })
      .limit(1)
      .retry(false)
      .abortSignal(AbortSignal.timeout(this.config.timeoutMs));
    if (error) throw new PositionsUnavailableError(error.message || 'no answer');
  }
}
