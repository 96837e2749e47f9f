/**
 * How much of Intercom's budget a run used, the strict way: allowed calls ÷
 * (limit × fixed windows from the first allowed call to the last, counted
 * whole), the windows being the double's own (anchored where the double
 * anchors them, IntercomDoubleInfo.windowsOrigin). A refused call (429) uses
 * none of the budget and is counted apart. The reference is a perfect client
 * making the same calls: `limit` in each window, ceil(calls / limit) windows.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedCall } from '../children/intercom-double.protocol';
import type { CpuUse } from './cpu-monitor';
import type { BudgetSummary, UnlimitedReference } from './results';
import { summarize } from './stats';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** A rate limit no run comes near: the double without a limit. */
export const NO_LIMIT: RateLimit = { limit: 1_000_000, windowMs: 10_000 };

export interface BudgetUse {
  /** Calls the double allowed (answered anything but 429). */
  calls: number;
  tooManyRequests: number;
  /** Windows from the first allowed call's to the last's, both counted whole. */
  windows: number;
  /** calls / (limit × windows). */
  share: number;
  /** ceil(calls / limit): the windows a perfect client needs for these calls. */
  perfectWindows: number;
  /** calls / (limit × perfectWindows): the share a perfect client scores (100 % when calls fill whole windows). */
  perfectShare: number;
  /** The most allowed calls in one window (never above the limit). */
  maxInWindow: number;
  /** Last allowed call − first, ms. */
  spanMs: number;
  /** Allowed calls in each window from the first call's to the last's (for the log). */
  perWindow: number[];
}

export function windowIndex(at: number, origin: number, windowMs: number): number {
  return Math.floor((at - origin) / windowMs);
}

export function budgetUse(
  recorded: readonly RecordedCall[],
  rate: RateLimit,
  origin: number,
): BudgetUse {
  const allowed = recorded.filter((c) => c.status !== 429);
  const tooManyRequests = recorded.length - allowed.length;
  if (allowed.length === 0) {
    return {
      calls: 0,
      tooManyRequests,
      windows: 0,
      share: 0,
      perfectWindows: 0,
      perfectShare: 0,
      maxInWindow: 0,
      spanMs: 0,
      perWindow: [],
    };
  }
  const perWindow = new Map<number, number>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const call of allowed) {
    first = Math.min(first, call.at);
    last = Math.max(last, call.at);
    const index = windowIndex(call.at, origin, rate.windowMs);
    perWindow.set(index, (perWindow.get(index) ?? 0) + 1);
  }
  const firstWindow = windowIndex(first, origin, rate.windowMs);
  const windows = windowIndex(last, origin, rate.windowMs) - firstWindow + 1;
  const perfectWindows = Math.ceil(allowed.length / rate.limit);
  return {
    calls: allowed.length,
    tooManyRequests,
    windows,
    share: allowed.length / (rate.limit * windows),
    perfectWindows,
    perfectShare: allowed.length / (rate.limit * perfectWindows),
    maxInWindow: Math.max(...perWindow.values()),
    spanMs: last - first,
    perWindow: Array.from({ length: windows }, (_, i) => perWindow.get(firstWindow + i) ?? 0),
  };
}

/** Waits until the start of the double's next window (plus `marginMs`). */
export async function untilNextWindow(
  origin: number,
  windowMs: number,
  marginMs = 0,
): Promise<void> {
  const now = Date.now();
  const next = origin + (windowIndex(now, origin, windowMs) + 1) * windowMs;
  await sleep(next - now + marginMs);
}

/** Allowed calls per second from the first to the last (NaN for fewer than two instants). */
export function callsPerSecond(use: Pick<BudgetUse, 'calls' | 'spanMs'>): number {
  return use.spanMs > 0 ? (use.calls * 1000) / use.spanMs : Number.NaN;
}

/** A run against a double without a limit, as the report's reference row gives it. */
export function unlimitedReference(
  size: number,
  use: BudgetUse,
  cpuMsPerCall: { client: number; double: number },
): UnlimitedReference {
  return {
    size,
    calls: use.calls,
    workSec: use.spanMs / 1000,
    callsPerSecond: callsPerSecond(use),
    clientCpuMsPerCall: cpuMsPerCall.client,
    doubleCpuMsPerCall: cpuMsPerCall.double,
  };
}

/** CPU milliseconds `group` (a process name in lib/cpu-monitor.ts) used per call. */
export function cpuMsPerCall(use: CpuUse, group: string, calls: number): number {
  return calls > 0 ? ((use.cores[group] ?? 0) * use.seconds * 1000) / calls : Number.NaN;
}

/** "20 per 2 s", "1,666 per 10 s", "1,666 per 10 s, answers in 150 ms" */
export function describeLimit(rate: RateLimit & { latencyMs?: number }): string {
  const limit = `${rate.limit.toLocaleString('en-US')} per ${rate.windowMs / 1000} s`;
  return rate.latencyMs ? `${limit}, answers in ${rate.latencyMs} ms` : limit;
}

/** Rounds' budget use, summarised (median, min–max; 429 and the busiest window over all rounds). */
export function summarizeBudget(rounds: readonly BudgetUse[]): BudgetSummary {
  const of = (pick: (b: BudgetUse) => number) => summarize(rounds.map(pick));
  return {
    calls: of((b) => b.calls),
    windows: of((b) => b.windows),
    perfectWindows: of((b) => b.perfectWindows),
    share: of((b) => b.share),
    perfectShare: of((b) => b.perfectShare),
    callsPerSecond: of(callsPerSecond),
    tooManyRequests: rounds.reduce((sum, b) => sum + b.tooManyRequests, 0),
    maxInWindow: Math.max(0, ...rounds.map((b) => b.maxInWindow)),
  };
}
