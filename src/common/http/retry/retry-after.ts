/**
 * The wait a `Retry-After` header asks for, in ms: delay-seconds (`1`, `0`) or an HTTP date
 * (RFC 9110, section 10.2.3). `undefined` when absent or unreadable; a date in the past is 0.
 */
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP date form starts with the day's name; Date.parse alone would take '-1' for a year.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
