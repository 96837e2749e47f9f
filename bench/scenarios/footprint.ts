/**
 * Measurement 4, first half: start-up time to the first healthy answer and
 * resident memory after start, over several fresh starts of the service.
 * (Memory after the load is read from the instances the other scenarios load.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from '../lib/context';
import { log } from '../lib/log';
import { startBenchService } from '../lib/bench-service';
import { summarize, type Summary } from '../lib/stats';

/** Time given to lazy initialisation before memory is read. */
const SETTLE_MS = 1000;

export async function measureStartups(
  ctx: BenchContext,
  env: Record<string, string>,
): Promise<{ startupMs: Summary; rssAfterStartMb: Summary }> {
  const startupMs: number[] = [];
  const rss: number[] = [];
  for (let i = -ctx.config.warmups; i < ctx.config.footprint.starts; i++) {
    const service = await startBenchService(ctx, env);
    await sleep(SETTLE_MS);
    const memory = service.memory();
    await service.stop();
    if (i < 0) continue;
    startupMs.push(service.startupMs);
    rss.push(memory.rssMb);
    log(
      `  start ${i + 1}: healthy after ${service.startupMs.toFixed(0)} ms, RSS ${memory.rssMb.toFixed(1)} MiB`,
    );
  }
  return { startupMs: summarize(startupMs), rssAfterStartMb: summarize(rss) };
}
