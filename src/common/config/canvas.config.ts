import { registerAs } from '@nestjs/config';
import { parseEnv } from './env.schema';

/** The member card (Canvas Kit inbox app): how long its reads and its sync may take. */
export const canvasConfig = registerAs('canvas', () => {
  const env = parseEnv(process.env);
  return {
    /** Deadline, ms, for one card's MySQL and Supabase reads; past it the card says data are unavailable. */
    readTimeoutMs: env.CANVAS_READ_TIMEOUT_MS,
    /** How long, ms, "Sync member" waits for the sync before answering "Sync started". */
    syncWaitMs: env.CANVAS_SYNC_WAIT_MS,
  };
});
