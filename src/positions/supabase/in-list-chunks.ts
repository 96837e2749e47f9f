/** supabase-js quotes a value of an `in.(…)` list that holds one of these (postgrest-js). */
const RESERVED = /[,()]/;

/** Bytes one value adds to the URL in `in.(…)`: quoted when needed, percent-encoded, and its comma. */
function encodedLength(value: string): number {
  const listed = RESERVED.test(value) ? `"${value}"` : value;
  return new URLSearchParams([['', listed]]).toString().length - 1 + '%2C'.length;
}

/**
 * Splits `values` into consecutive lists whose `in.(…)` filter stays within `maxBytes` of
 * URL once encoded as supabase-js encodes it, so that no request meets the gateway's limit on
 * URLs (about 8 KB on Supabase: longer ones are refused `414 URI too long`). A value longer
 * than `maxBytes` on its own still gets a list of its own.
 */
export function inListChunks(values: readonly string[], maxBytes: number): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let bytes = 0;
  for (const value of values) {
    const length = encodedLength(value);
    if (chunk.length > 0 && bytes + length > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(value);
    bytes += length;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
