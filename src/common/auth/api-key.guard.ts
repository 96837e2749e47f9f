import { CanActivate, ExecutionContext, Inject, Injectable, Type } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { apiKeysConfig } from '../config/api-keys.config';
import { AppError } from '../errors/app.error';
import { ErrorCode } from '../errors/error-code.enum';
import { findPresentedKey } from './api-key';
import { keyMatcher, type KeyMatcher } from './constant-time-equals';

type KeySelector = (config: ConfigType<typeof apiKeysConfig>) => readonly string[];

/**
 * Builds a guard that admits callers presenting one of the configured keys.
 * No configured key means nobody gets in: a protected route is never open by accident.
 */
export function ApiKeyGuard(selectKeys: KeySelector): Type<CanActivate> {
  @Injectable()
  class KeyGuard implements CanActivate {
    /** The configured keys' digests, computed once (keyMatcher). */
    private readonly match: KeyMatcher;

    constructor(@Inject(apiKeysConfig.KEY) config: ConfigType<typeof apiKeysConfig>) {
      this.match = keyMatcher(selectKeys(config));
    }

    canActivate(context: ExecutionContext): boolean {
      const request = context.switchToHttp().getRequest<Request>();
      if (findPresentedKey(request, this.match) === undefined) {
        throw new AppError(ErrorCode.Unauthorized);
      }
      return true;
    }
  }
  return KeyGuard;
}

export const AdminApiKeyGuard = ApiKeyGuard((config) => config.adminKeys);
export const LookupApiKeyGuard = ApiKeyGuard((config) => config.lookupKeys);
