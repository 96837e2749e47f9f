import type { PositionRecord } from './position';

/**
 * docs/reference.md, "Data the service reads": newest start first, then alphabetical, each title once,
 * placed by its newest current row. Rows may arrive in any order.
 */
export function currentTitles(rows: readonly PositionRecord[]): string[] {
  const ordered = [...rows].sort(
    (a, b) =>
      b.startDate.localeCompare(a.startDate) ||
      (a.title < b.title ? -1 : a.title > b.title ? 1 : 0),
  );
  const seen = new Set<string>();
  const titles: string[] = [];
  for (const row of ordered) {
    if (seen.has(row.title)) continue;
    seen.add(row.title);
    titles.push(row.title);
  }
  return titles;
}
