import type {
  IntercomDoubleCommands,
  IntercomDoubleInfo,
  IntercomDoubleInit,
} from '../children/intercom-double.protocol';
import { BENCH_INTERCOM_TOKEN } from './constants';
import type { BenchContext } from './context';
import { startTsChild, type TsChild } from './ts-child';

export type IntercomDoubleChild = TsChild<IntercomDoubleCommands, IntercomDoubleInfo>;

/**
 * The Intercom double in its own process, enforcing `rateLimit` like Intercom does, each
 * allowed answer taking `latencyMs` (default 0).
 */
export function startIntercomDoubleChild(
  ctx: BenchContext,
  rateLimit: { limit: number; windowMs: number },
  latencyMs = 0,
): Promise<IntercomDoubleChild> {
  const init: IntercomDoubleInit = { token: BENCH_INTERCOM_TOKEN, rateLimit, latencyMs };
  return startTsChild(
    ctx.registry,
    'intercom-double',
    { ts: 'bench/children/intercom-double.child.ts' },
    init,
  );
}

/** Service settings that point it at the double. */
export function intercomEnv(double: IntercomDoubleChild): Record<string, string> {
  return { INTERCOM_ACCESS_TOKEN: BENCH_INTERCOM_TOKEN, INTERCOM_API_BASE_URL: double.info.url };
}

/**
 * INTERCOM_RATE_WINDOW_MS for a service (or CLI) facing a double that allows `rate` (it cannot
 * learn the window from Intercom's headers); INTERCOM_RATE_LIMIT stays unset, as by default:
 * the service follows the double's X-RateLimit-Limit.
 */
export function intercomRateEnv(rate: { limit: number; windowMs: number }): Record<string, string> {
  return { INTERCOM_RATE_WINDOW_MS: String(rate.windowMs) };
}
