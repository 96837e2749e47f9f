/**
 * Measurement 3, first half: a burst of N notifications, each needing a GET
 * and a PUT of its contact, drained through an Intercom double that enforces
 * a fixed-window rate limit, with the service configured to the same limit.
 *
 * Share of the allowed calls used = calls / (limit × windows elapsed), where
 * windows elapsed = (last call − first call) / window + 1: a perfect client
 * makes `limit` calls at the start of each window, so N calls (a multiple of
 * the limit) take N / limit windows and score exactly 100 %.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedCall } from '../children/intercom-double.protocol';
import type { BenchContext } from '../lib/context';
import { waitForDrain } from '../lib/inbox';
import type { IntercomDoubleChild } from '../lib/intercom-double';
import { log } from '../lib/log';
import { sendBurst } from '../lib/sender';
import type { RunningService } from '../lib/service';
import { enrichmentNotifications } from './enrichment-notifications';

export interface DrainRound {
  drainSec: number;
  calls: number;
  tooManyRequests: number;
  utilization: number;
  outcomes: Record<string, number>;
}

const SEND_CONCURRENCY = 16;

function utilization(calls: readonly RecordedCall[], limit: number, windowMs: number): number {
  if (calls.length === 0) return 0;
  const times = calls.map((c) => c.at);
  const windows = (Math.max(...times) - Math.min(...times)) / windowMs + 1;
  return calls.length / (limit * windows);
}

export async function drainRound(
  ctx: BenchContext,
  service: RunningService,
  double: IntercomDoubleChild,
  label: string,
  count: number,
  emailOffset: number,
): Promise<DrainRound> {
  const { limit, windowMs } = ctx.config.enrichment.rateLimit;
  const { requests, prefix } = await enrichmentNotifications(
    ctx,
    double,
    label,
    count,
    emailOffset,
  );

  const started = Date.now();
  const acks = await sendBurst(service.url, requests, SEND_CONCURRENCY);
  const refused = acks.filter((a) => a.status !== 200).length;
  if (refused > 0) throw new Error(`${refused} notifications were not acknowledged with 200`);
  // Ten times the ideal drain time, at least 30 s: bounded, yet never cut short.
  const timeout = Math.max(30_000, ((2 * count) / limit) * windowMs * 10);
  const drained = await waitForDrain(ctx.mysql, prefix, count, timeout);
  const calls = await double.client.call('takeCalls', null);
  const round: DrainRound = {
    drainSec: (drained.at - started) / 1000,
    calls: calls.length,
    tooManyRequests: calls.filter((c) => c.status === 429).length,
    // A refused call uses none of the budget.
    utilization: utilization(
      calls.filter((c) => c.status !== 429),
      limit,
      windowMs,
    ),
    outcomes: drained.progress.outcomes,
  };
  log(
    `  ${label}: ${count} drained in ${round.drainSec.toFixed(2)} s, ${round.calls} calls, ` +
      `${(round.utilization * 100).toFixed(1)} % of the allowed calls, 429: ${round.tooManyRequests}, ` +
      `outcomes ${JSON.stringify(round.outcomes)}`,
  );
  // The next round starts on fresh windows, on both sides.
  await sleep(windowMs + 250);
  return round;
}
