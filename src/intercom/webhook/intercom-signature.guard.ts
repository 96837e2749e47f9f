import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  type RawBodyRequest,
  type Type,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Request } from 'express';
import type { HmacScheme } from '../../common/auth/hmac-signature';
import { intercomConfig } from '../../common/config/intercom.config';
import { AppError } from '../../common/errors/app.error';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { emitIntercomEvent, type IntercomDomainEvent } from '../events';
import { isAuthentic, webhookMode, type WebhookMode } from './webhook-mode';

const NO_BODY = Buffer.alloc(0);

export interface SignatureGuardOptions {
  /** Emitted on each refusal (for metrics); none by default. */
  refused?: () => IntercomDomainEvent;
}

/**
 * Builds a guard for a route Intercom signs with `scheme` over the raw body:
 * the exact bytes sent, `request.rawBody` (NestFactory's `rawBody: true`, kept
 * by every body parser configureApp registers; no body reads as empty).
 * The client secret and the unsigned mode come from the configuration once
 * (WebhookMode): with a secret the header must match, without one every
 * request is refused unless INTERCOM_WEBHOOK_UNSIGNED=allow. A refusal throws
 * AppError InvalidSignature (401 `{"error":"Invalid signature"}`). Body size
 * (413) is the body parser's, ahead of every guard; the body's content is
 * read after the guard (pipes), so an unsigned request learns nothing of it.
 * Webhooks use `X-Hub-Signature` (WebhookSignatureGuard); the member card's
 * Canvas Kit routes sign with `X-Body-Signature`, HMAC-SHA256 (docs/reference.md, "HTTP API").
 */
export function IntercomSignatureGuard(
  scheme: HmacScheme,
  options: SignatureGuardOptions = {},
): Type<CanActivate> {
  @Injectable()
  class SignatureGuard implements CanActivate {
    private readonly mode: WebhookMode;

    constructor(
      @Inject(intercomConfig.KEY) config: ConfigType<typeof intercomConfig>,
      private readonly events: EventEmitter2,
    ) {
      this.mode = webhookMode(config);
    }

    canActivate(context: ExecutionContext): boolean {
      const request = context.switchToHttp().getRequest<RawBodyRequest<Request>>();
      const header = request.headers[scheme.header];
      const signature = typeof header === 'string' ? header : undefined;
      if (isAuthentic(this.mode, scheme, request.rawBody ?? NO_BODY, signature)) return true;
      if (options.refused) emitIntercomEvent(this.events, options.refused());
      throw new AppError(ErrorCode.InvalidSignature);
    }
  }
  return SignatureGuard;
}
