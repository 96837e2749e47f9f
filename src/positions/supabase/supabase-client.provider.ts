import type { Provider } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { RealtimeClientOptions } from '@supabase/realtime-js';
import ws from 'ws';
import { supabaseConfig } from '../../common/config/supabase.config';
import { keepAliveFetch } from './keep-alive-fetch';

export const SUPABASE_CLIENT = Symbol('SUPABASE_CLIENT');

/** Connections to Supabase: at most 32 open; an idle one closes after 5 s, as with Node's global agent. */
const SUPABASE_CONNECTIONS = { maxSockets: 32, idleTimeoutMs: 5_000 };

/**
 * A server-side client: service-role key, no session, no token refresh.
 * supabase-js 2.10x throws at createClient on Node 20 without a WebSocket
 * transport, even though realtime is never used here.
 * Null when Supabase is not configured (development only; production refuses to start).
 */
export const supabaseClientProvider: Provider = {
  provide: SUPABASE_CLIENT,
  inject: [supabaseConfig.KEY],
  useFactory: (config: ConfigType<typeof supabaseConfig>): SupabaseClient | null => {
    if (!config.url || !config.serviceRoleKey) return null;
    return createClient(config.url, config.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: ws as unknown as RealtimeClientOptions['transport'] },
      db: { schema: 'public', timeout: config.timeoutMs },
      global: { fetch: keepAliveFetch(SUPABASE_CONNECTIONS) },
    });
  },
};
