import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerStorage,
  InjectThrottlerOptions,
  InjectThrottlerStorage,
} from '@nestjs/throttler';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { extractApiKey } from '../../common/auth/api-key';
import { matchesAnyKey } from '../../common/auth/constant-time-equals';
import { apiKeysConfig } from '../../common/config/api-keys.config';

/**
 * Throttles per caller: a valid key is its own bucket (shared by every
 * address using it), anything else is bucketed by client address, so
 * guessing keys is throttled too. Runs before authentication for that reason.
 */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(apiKeysConfig.KEY) private readonly keys: ConfigType<typeof apiKeysConfig>,
  ) {
    super(options, storage, reflector);
  }

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const req = request as unknown as Request;
    const key = extractApiKey(req);
    if (key !== undefined && matchesAnyKey(key, this.keys.lookupKeys)) {
      // A digest, so the raw key never sits in the throttler's storage.
      return Promise.resolve(`key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`);
    }
    return Promise.resolve(`ip:${req.ip ?? 'unknown'}`);
  }
}
