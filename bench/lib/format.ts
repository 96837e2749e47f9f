import type { Summary } from './stats';

export function num(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** "median (min–max)" */
export function range(summary: Summary, digits = 0, scale = 1): string {
  return `${num(summary.median * scale, digits)} (${num(summary.min * scale, digits)}–${num(summary.max * scale, digits)})`;
}

export function ratio(summary: Summary): string {
  return `${num(summary.median, 2)}× (${num(summary.min, 2)}–${num(summary.max, 2)})`;
}

export function percent(summary: Summary): string {
  return range(summary, 1, 100).replace(/\)$/, ') %');
}
