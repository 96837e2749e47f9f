import type { Provider } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { RealtimeClientOptions } from '@supabase/realtime-js';
import ws from 'ws';
import { supabaseConfig } from '../../common/config/supabase.config';
import { retryReporter } from '../../common/http/retry/retry-reporter';
import { supabaseFetch } from './supabase-fetch';

export const SUPABASE_CLIENT = Symbol('SUPABASE_CLIENT');

/** Connections to Supabase: at most 32 open; an idle one closes after 5 s, as with Node's global agent. */
const SUPABASE_CONNECTIONS = { maxSockets: 32, idleTimeoutMs: 5_000 };

/** `https://x.supabase.co/rest/v1/positions?select=…` → `/rest/v1/positions` (no member numbers). */
const pathOf = (url: string) => new URL(url).pathname;

/**
 * A server-side client: service-role key, no session, no token refresh.
 * supabase-js 2.10x throws at createClient on Node 20 without a WebSocket
 * transport, even though realtime is never used here.
 * Each request's time limit and the retries are the fetch's (supabase-fetch.ts), not
 * supabase-js's `db.timeout`: that one would replace the caller's signal, and with it the
 * deadline the retries are fitted into.
 * Null when Supabase is not configured (development only; production refuses to start).
 */
export const supabaseClientProvider: Provider = {
  provide: SUPABASE_CLIENT,
  inject: [supabaseConfig.KEY, { token: EventEmitter2, optional: true }],
  useFactory: (
    config: ConfigType<typeof supabaseConfig>,
    events?: EventEmitter2,
  ): SupabaseClient | null => {
    if (!config.url || !config.serviceRoleKey) return null;
    return createClient(config.url, config.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: ws as unknown as RealtimeClientOptions['transport'] },
      db: { schema: 'public' },
      global: {
        fetch: supabaseFetch({
          timeoutMs: config.timeoutMs,
          connections: SUPABASE_CONNECTIONS,
          onRetry: retryReporter('supabase', pathOf, events),
        }),
      },
    });
  },
};
