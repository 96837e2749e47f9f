import { createHash, timingSafeEqual } from 'node:crypto';

/** A secret's fixed-size digest, so that comparisons take the same time whatever its length. */
function digestOf(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * Compares two secrets in time that does not depend on where they differ or on
 * their lengths: both sides are hashed to a fixed size first.
 */
export function constantTimeEquals(a: string, b: string): boolean {
  return timingSafeEqual(digestOf(a), digestOf(b)) && a.length === b.length;
}

/**
 * A matcher for a fixed list of keys: answers the key of `keys` that a
 * candidate equals, else undefined. The keys' digests are computed once, so a
 * request hashes only what it presents (one SHA-256), then every key is
 * compared in constant time, so timing reveals neither whether nor where one
 * matched.
 */
export type KeyMatcher = (candidate: string) => string | undefined;

export function keyMatcher(keys: readonly string[]): KeyMatcher {
  const digests = keys.map((key) => [key, digestOf(key)] as const);
  return (candidate) => {
    const presented = digestOf(candidate);
    let matched: string | undefined;
    for (const [key, digest] of digests) {
      if (timingSafeEqual(presented, digest) && candidate.length === key.length) matched = key;
    }
    return matched;
  };
}

/** The key of `keys` that `candidate` equals, else undefined (keyMatcher, for a list used once). */
export function findMatchingKey(candidate: string, keys: readonly string[]): string | undefined {
  return keyMatcher(keys)(candidate);
}

/** True when `candidate` equals one of `keys`; every key is compared, so timing reveals no index. */
export function matchesAnyKey(candidate: string, keys: readonly string[]): boolean {
  return findMatchingKey(candidate, keys) !== undefined;
}
