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
    if (error)
      throw new PositionsUnavailableError(
        error.code ? `${error.code} ${error.message}` : error.message,
      );
    return (data ?? []).map((row) => ({ title: row.positiontype, startDate: row.start_date }));
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
