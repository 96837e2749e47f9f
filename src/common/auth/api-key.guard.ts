import { CanActivate, ExecutionContext, Inject, Injectable, Type } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { apiKeysConfig } from '../config/api-keys.config';
import { AppError } from '../errors/app.error';
import { ErrorCode } from '../errors/error-code.enum';
import { findPresentedKey } from './api-key';

type KeySelector = (config: ConfigType<typeof apiKeysConfig>) => readonly string[];

/**
 * Builds a guard that admits callers presenting one of the configured keys.
 * No configured key means nobody gets in: a protected route is never open by accident.
 */
export function ApiKeyGuard(selectKeys: KeySelector): Type<CanActivate> {
  @Injectable()
  class KeyGuard implements CanActivate {
    constructor(
      @Inject(apiKeysConfig.KEY) private readonly config: ConfigType<typeof apiKeysConfig>,
    ) {}

    canActivate(context: ExecutionContext): boolean {
      const request = context.switchToHttp().getRequest<Request>();
      if (findPresentedKey(request, selectKeys(this.config)) === undefined) {
        throw new AppError(ErrorCode.Unauthorized);
      }
      return true;
    }
  }
  return KeyGuard;
}

export const AdminApiKeyGuard = ApiKeyGuard((config) => config.adminKeys);
export const LookupApiKeyGuard = ApiKeyGuard((config) => config.lookupKeys);
