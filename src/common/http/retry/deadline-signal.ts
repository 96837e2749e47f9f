/**
 * An AbortSignal that carries the moment its caller must have an answer by, so that the
 * fetch that receives it (through a client such as supabase-js, which passes the signal on
 * untouched) can tell whether a `Retry-After` wait still fits (retrying-fetch.ts).
 */
const deadlines = new WeakMap<AbortSignal, number>();

/** Aborts at `deadlineMs` (epoch ms), and tells deadlineOf() when that is. */
export function signalUntil(deadlineMs: number, nowMs = Date.now()): AbortSignal {
  const signal = AbortSignal.timeout(Math.max(0, deadlineMs - nowMs));
  deadlines.set(signal, deadlineMs);
  return signal;
}

/** The deadline (epoch ms) a signal made by signalUntil() carries; undefined for any other. */
export function deadlineOf(signal: AbortSignal | null | undefined): number | undefined {
  return signal ? deadlines.get(signal) : undefined;
}
