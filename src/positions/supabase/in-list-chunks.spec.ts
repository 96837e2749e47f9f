import { inListChunks } from './in-list-chunks';

/** The bytes supabase-js's `.in(column, values)` puts in the URL for `values`. */
function encodedFilter(values: string[]): number {
  const url = new URL('https://x.test/rest/v1/positions');
  const listed = values.map((v) => (/[,()]/.test(v) ? `"${v}"` : v)).join(',');
  url.searchParams.append('membernumber', `in.(${listed})`);
  return url.search.length;
}

describe('inListChunks', () => {
  it('keeps every value, in order, each once', () => {
    const values = Array.from({ length: 1_000 }, (_, i) => String(100_000 + i));
    const chunks = inListChunks(values, 500);
    expect(chunks.flat()).toEqual(values);
    expect(chunks.length).toBeGreaterThan(1);
  });

  it('keeps each list within the budget as supabase-js encodes it, quoted values included', () => {
    const values = Array.from({ length: 600 }, (_, i) =>
      i % 3 === 0 ? `(${i}),x y` : `ÄÖ${String(i).padStart(14, '9')}`,
    );
    for (const chunk of inListChunks(values, 2_000)) {
      // The filter's own `membernumber=in.()` takes a few bytes more than the list.
      expect(encodedFilter(chunk)).toBeLessThanOrEqual(2_000 + 40);
    }
  });

  it('gives a value longer than the budget a list of its own, and an empty input none', () => {
    expect(inListChunks(['1', 'x'.repeat(50), '2'], 20)).toEqual([['1'], ['x'.repeat(50)], ['2']]);
    expect(inListChunks([], 100)).toEqual([]);
  });
});
