import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { findPresentedKey } from '../common/auth/api-key';
import { apiKeysConfig } from '../common/config/api-keys.config';
import { AppError } from '../common/errors/app.error';
import { ErrorCode } from '../common/errors/error-code.enum';

/**
 * `GET /api/metrics` (docs/reference.md, "Configuration", METRICS_API_KEYS): open while no
 * key is configured, as Prometheus scrapes on an internal network usually are; with keys set,
 * a scrape needs one (`Authorization: Bearer <key>`, Prometheus's `authorization` setting),
 * else `401 {"error":"Unauthorized"}`.
 */
@Injectable()
export class MetricsKeyGuard implements CanActivate {
  constructor(
    @Inject(apiKeysConfig.KEY) private readonly config: ConfigType<typeof apiKeysConfig>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const keys = this.config.metricsKeys;
    if (keys.length === 0) return true;
    if (findPresentedKey(context.switchToHttp().getRequest<Request>(), keys) === undefined) {
      throw new AppError(ErrorCode.Unauthorized);
    }
    return true;
  }
}
