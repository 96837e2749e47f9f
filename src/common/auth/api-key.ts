import type { Request } from 'express';
import { keyMatcher, type KeyMatcher } from './constant-time-equals';

function bearerToken(request: Pick<Request, 'headers'>): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  return match ? match[1].trim() : undefined;
}

function apiKeyHeader(request: Pick<Request, 'headers'>): string | undefined {
  const header = request.headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** The key a caller presented: `Authorization: Bearer <key>` first, else `X-API-Key`. */
export function extractApiKey(request: Pick<Request, 'headers'>): string | undefined {
  return bearerToken(request) ?? apiKeyHeader(request);
}

/**
 * The configured key a caller presented, in `Authorization: Bearer <key>` or in `X-API-Key`,
 * else undefined. Both headers are tried: a client (Swagger UI's Authorize dialog with both
 * boxes filled, a proxy adding its own Authorization) may send both, and one right key is
 * enough. Each comparison is constant-time over every configured key. `keys` is the list, or
 * its keyMatcher built once (so that a request hashes only what it presents).
 */
export function findPresentedKey(
  request: Pick<Request, 'headers'>,
  keys: readonly string[] | KeyMatcher,
): string | undefined {
  const match = typeof keys === 'function' ? keys : keyMatcher(keys);
  let matched: string | undefined;
  for (const presented of [bearerToken(request), apiKeyHeader(request)]) {
    if (presented === undefined) continue;
    matched ??= match(presented);
  }
  return matched;
}
