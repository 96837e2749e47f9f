import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in time that does not depend on where they differ or on
 * their lengths: both sides are hashed to a fixed size first.
 */
export function constantTimeEquals(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

/**
 * The key of `keys` that `candidate` equals, else undefined. Every key is
 * compared, so timing reveals neither whether nor where one matched.
 */
export function findMatchingKey(candidate: string, keys: readonly string[]): string | undefined {
  let matched: string | undefined;
  for (const key of keys) {
    if (constantTimeEquals(candidate, key)) matched = key;
  }
  return matched;
}

/** True when `candidate` equals one of `keys`; every key is compared, so timing reveals no index. */
export function matchesAnyKey(candidate: string, keys: readonly string[]): boolean {
  return findMatchingKey(candidate, keys) !== undefined;
}
