import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Request, Response } from 'express';
import { extractApiKey } from '../../common/auth/api-key';
import { findMatchingKey } from '../../common/auth/constant-time-equals';
import { apiKeysConfig } from '../../common/config/api-keys.config';
import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { requireJsonBody } from '../../common/http/require-json-body';
import { emitIntercomEvent, LookupCompletedEvent } from '../events/intercom.events';
import type { LookupEmailResponse } from './dto/lookup-email-response.dto';
import { FixedWindowThrottle } from './fixed-window-throttle';
import { INVALID_LOOKUP_INPUT, readLookupEmail } from './lookup-email.input';
import { LookupEmailService } from './lookup-email.service';

/**
 * The lookup route from request to answer, in one place for both ways it is
 * served (lookupFastPath ahead of Nest, and LookupEmailController): the
 * per-caller throttle, the API key, the JSON check, the body's rule, then the
 * lookup. Refusals are thrown as AppErrors; describeHttpError maps them.
 */
@Injectable()
export class LookupRequestHandler implements OnModuleDestroy {
  private readonly throttle: FixedWindowThrottle;
  /** Throttle bucket of each configured key: a digest, so no raw key sits in the throttle. */
  private readonly keyCallers: ReadonlyMap<string, string>;

  constructor(
    @Inject(apiKeysConfig.KEY) private readonly keys: ConfigType<typeof apiKeysConfig>,
    private readonly lookupService: LookupEmailService,
    private readonly events: EventEmitter2,
  ) {
    this.throttle = new FixedWindowThrottle({
      limit: keys.lookupRateLimit,
      windowMs: keys.lookupRateWindowMs,
    });
    this.keyCallers = new Map(
      keys.lookupKeys.map((key) => [
        key,
        `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`,
      ]),
    );
  }

  onModuleDestroy(): void {
    this.throttle.close();
  }

  /**
   * Answers the lookup, or throws: 429 (with `Retry-After`), 401, 415, 400, or
   * the lookup's own failure. Sets the throttle's headers on `response`.
   */
  async handle(request: Request, response: Response): Promise<LookupEmailResponse> {
    const presented = extractApiKey(request);
    const key =
      presented === undefined ? undefined : findMatchingKey(presented, this.keys.lookupKeys);
    // Before authentication: a valid key is its own bucket (shared by every address using
    // it), anything else is bucketed by client address, so guessing keys is throttled too.
    await this.throttle.hit(
      key === undefined ? `ip:${request.ip ?? 'unknown'}` : this.keyCallers.get(key)!,
      response,
    );
    if (key === undefined) throw new AppError(ErrorCode.Unauthorized);
    const body = requireJsonBody(request);
    let email: string;
    try {
      email = readLookupEmail(body);
    } catch (error) {
      // Refused for its input: a lookup the caller must fix, counted as `invalid`. The refusals
      // above (429, 401, 415) are not lookups and are not counted.
      if (error instanceof AppError && INVALID_LOOKUP_INPUT.has(error.code)) {
        emitIntercomEvent(this.events, new LookupCompletedEvent('invalid'));
      }
      throw error;
    }
    return this.lookupService.lookup(email);
  }
}
