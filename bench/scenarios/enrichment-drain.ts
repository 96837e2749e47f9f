/**
 * Measurement 3, first half: a burst of N notifications, each needing a GET
 * and a PUT of its contact, drained through an Intercom double that enforces
 * a fixed-window rate limit, with the service configured to the same limit.
 *
 * Share of the allowed calls used, the strict way (lib/budget.ts): calls /
 * (limit × the double's windows from the first call to the last, counted
 * whole). Each round's burst starts as one of the double's windows starts, so
 * that a perfect client (`limit` calls at the start of every window) scores
 * 100 % whenever the calls fill whole windows; the round also reports that
 * perfect client's share for its calls.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from '../lib/context';
import {
  budgetUse,
  cpuMsPerCall,
  describeLimit,
  untilNextWindow,
  type BudgetUse,
  type RateLimit,
} from '../lib/budget';
import { waitForDrain } from '../lib/inbox';
import type { IntercomDoubleChild } from '../lib/intercom-double';
import { log } from '../lib/log';
import { sendBurst } from '../lib/sender';
import type { RunningService } from '../lib/service';
import { enrichmentNotifications } from './enrichment-notifications';

export interface DrainRound {
  drainSec: number;
  budget: BudgetUse;
  /** CPU time per allowed call, ms. */
  serviceCpuMsPerCall: number;
  doubleCpuMsPerCall: number;
  outcomes: Record<string, number>;
}

const SEND_CONCURRENCY = 16;

export async function drainRound(
  ctx: BenchContext,
  service: RunningService,
  double: IntercomDoubleChild,
  drain: RateLimit,
  label: string,
  count: number,
  emailOffset: number,
  /** False against a double without a limit (the reference): no window to start on or to wait out. */
  limited = true,
): Promise<DrainRound> {
  const { limit, windowMs } = drain;
  const { requests, prefix } = await enrichmentNotifications(
    ctx,
    double,
    label,
    count,
    emailOffset,
  );

  if (limited) await untilNextWindow(double.info.windowsOrigin, windowMs);
  const cpu = ctx.cpu.snapshot();
  const started = Date.now();
  const acks = await sendBurst(service.url, requests, SEND_CONCURRENCY);
  const refused = acks.filter((a) => a.status !== 200).length;
  if (refused > 0) throw new Error(`${refused} notifications were not acknowledged with 200`);
  // Ten times the ideal drain time, at least 30 s: bounded, yet never cut short.
  const timeout = Math.max(30_000, Math.ceil((2 * count) / limit) * windowMs * 10);
  const drained = await waitForDrain(ctx.mysql, prefix, count, timeout);
  const cpuUse = ctx.cpu.since(cpu);
  const calls = await double.client.call('takeCalls', null);
  const budget = budgetUse(calls, drain, double.info.windowsOrigin);
  const round: DrainRound = {
    drainSec: (drained.at - started) / 1000,
    budget,
    serviceCpuMsPerCall: cpuMsPerCall(cpuUse, service.name, budget.calls),
    doubleCpuMsPerCall: cpuMsPerCall(cpuUse, double.handle.name, budget.calls),
    outcomes: drained.progress.outcomes,
  };
  const b = round.budget;
  log(
    `  ${label} (${describeLimit(drain)}): ${count} drained in ${round.drainSec.toFixed(2)} s, ` +
      `${b.calls} calls in ${b.windows} windows [${b.perWindow.join(', ')}] (perfect client ${b.perfectWindows}), ` +
      `${(b.share * 100).toFixed(1)} % of the allowed calls, 429: ${b.tooManyRequests}, ` +
      `CPU per call: service ${round.serviceCpuMsPerCall.toFixed(2)} ms, double ${round.doubleCpuMsPerCall.toFixed(2)} ms, ` +
      `outcomes ${JSON.stringify(round.outcomes)}`,
  );
  // The service's limiter may hold each slot for a window after the answer: the next
  // round starts with all of them free.
  if (limited) await sleep(windowMs + 250);
  return round;
}
