/**
 * How much of Intercom's budget a run used, the strict way: allowed calls ÷
 * (limit × fixed windows from the first allowed call to the last, counted
 * whole), the windows being the double's own (IntercomDoubleInfo.windowsOrigin).
 * A refused call (429) uses none of the budget and is counted apart. A perfect
 * client makes `limit` calls in each window: ceil(calls / limit) windows.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedCall } from '../children/intercom-double.protocol';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface BudgetUse {
  /** Calls the double allowed (answered anything but 429). */
  calls: number;
  tooManyRequests: number;
  /** Windows from the first allowed call's to the last's, both counted whole. */
  windows: number;
  /** calls / (limit × windows); 0 without calls. */
  share: number;
  /** ceil(calls / limit): the windows a perfect client needs for these calls. */
  perfectWindows: number;
  /** Allowed calls in each window from the first call's to the last's (for the log). */
  perWindow: number[];
}

const windowIndex = (at: number, origin: number, windowMs: number) =>
  Math.floor((at - origin) / windowMs);

export function budgetUse(
  recorded: readonly RecordedCall[],
  rate: RateLimit,
  origin: number,
): BudgetUse {
  const allowed = recorded.filter((c) => c.status !== 429).map((c) => c.at);
  const index = (at: number) => windowIndex(at, origin, rate.windowMs);
  const first = index(Math.min(...allowed));
  const windows = allowed.length ? index(Math.max(...allowed)) - first + 1 : 0;
  const perWindow = Array.from({ length: windows }, () => 0);
  for (const at of allowed) perWindow[index(at) - first] += 1;
  return {
    calls: allowed.length,
    tooManyRequests: recorded.length - allowed.length,
    windows,
    share: windows ? allowed.length / (rate.limit * windows) : 0,
    perfectWindows: Math.ceil(allowed.length / rate.limit),
    perWindow,
  };
}

/** Waits until the start of the double's next window. */
export async function untilNextWindow(origin: number, windowMs: number): Promise<void> {
  const now = Date.now();
  await sleep(origin + (windowIndex(now, origin, windowMs) + 1) * windowMs - now);
}

/** "20 per 2 s", "1,666 per 10 s", "1,666 per 10 s, answers in 150 ms" */
export function describeLimit(rate: RateLimit & { latencyMs?: number }): string {
  const limit = `${rate.limit.toLocaleString('en-US')} per ${rate.windowMs / 1000} s`;
  return rate.latencyMs ? `${limit}, answers in ${rate.latencyMs} ms` : limit;
}
