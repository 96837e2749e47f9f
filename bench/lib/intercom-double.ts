import type {
  IntercomDoubleCommands,
  IntercomDoubleInfo,
  IntercomDoubleInit,
} from '../children/intercom-double.protocol';
import { BENCH_INTERCOM_TOKEN } from './constants';
import type { BenchContext } from './context';
import { startTsChild, type TsChild } from './ts-child';

export type IntercomDoubleChild = TsChild<IntercomDoubleCommands, IntercomDoubleInfo>;

/** The Intercom double in its own process, enforcing `rateLimit` like Intercom does. */
export function startIntercomDoubleChild(
  ctx: BenchContext,
  rateLimit: { limit: number; windowMs: number },
): Promise<IntercomDoubleChild> {
  const init: IntercomDoubleInit = { token: BENCH_INTERCOM_TOKEN, rateLimit };
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
