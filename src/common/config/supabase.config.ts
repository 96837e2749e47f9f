import { registerAs } from '@nestjs/config';
import { parseEnv } from './env.schema';

export const supabaseConfig = registerAs('supabase', () => {
  const env = parseEnv(process.env);
  return {
    url: env.SUPABASE_URL,
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
    positionsTable: env.SUPABASE_POSITIONS_TABLE,
    timeoutMs: env.SUPABASE_TIMEOUT_MS,
  };
});
