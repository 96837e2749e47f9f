import { createHash } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { findPresentedKey } from '../../common/auth/api-key';
import { keyMatcher } from '../../common/auth/constant-time-equals';
import type { apiKeysConfig } from '../../common/config/api-keys.config';
import { ERROR_STATUS } from '../../common/errors/error-status.map';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { FixedWindowThrottlerStorage } from '../../common/http/fixed-window-throttler.storage';

/**
 * @nestjs/throttler's options for the lookup route (docs/reference.md, "HTTP API"):
 * LOOKUP_RATE_LIMIT requests per LOOKUP_RATE_WINDOW_MS per caller, in fixed
 * windows (FixedWindowThrottlerStorage). The caller is the key when it is a
 * valid one (its own bucket, shared by every address using it), else the
 * client address (`req.ip`, after TRUST_PROXY_HOPS), so guessing keys is
 * throttled too: ThrottlerGuard runs before the key guard for that reason.
 * Past the limit: 429 `{"error":"Too many requests"}` with `Retry-After`
 * (seconds); within it, `X-RateLimit-Limit`, `-Remaining` and `-Reset`.
 * The throttler is named `default`, so the headers carry no suffix.
 */
export function lookupThrottlerOptions(
  keys: ConfigType<typeof apiKeysConfig>,
): ThrottlerModuleOptions {
  // A digest per configured key, computed once: no raw key ever sits in the storage.
  const keyCallers = new Map(
    keys.lookupKeys.map((key) => [
      key,
      `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`,
    ]),
  );
  const match = keyMatcher(keys.lookupKeys);
  return {
    throttlers: [{ name: 'default', limit: keys.lookupRateLimit, ttl: keys.lookupRateWindowMs }],
    storage: new FixedWindowThrottlerStorage(),
    errorMessage: ERROR_STATUS[ErrorCode.TooManyRequests].message,
    getTracker: (request: Record<string, unknown>): string => {
      const req = request as unknown as Request;
      const key = findPresentedKey(req, match);
      return key === undefined ? `ip:${req.ip ?? 'unknown'}` : keyCallers.get(key)!;
    },
    // The package hashes class, handler and tracker per request; the class name keeps
    // routes apart should another controller be throttled too.
    generateKey: (context: ExecutionContext, tracker: string): string =>
      `${context.getClass().name}:${tracker}`,
  };
}
