/**
 * What the Intercom authorization switch (intercom-authorization.ts) tells the rest of the
 * service. Emit with `emitter.emit(XEvent.name, event)`, listen with `@OnEvent(XEvent.name)`.
 */

/** The HTTP statuses that pause all Intercom work: token revoked or wrong (401), scope missing (403). */
export type AuthorizationRefusalStatus = 401 | 403;

/** Intercom refused the access token: every Intercom call now waits for a probe to succeed. */
export class IntercomAuthorizationPausedEvent {
  constructor(
    readonly status: AuthorizationRefusalStatus,
    /** Epoch ms at which the pause began. */
    readonly sinceMs: number,
  ) {}
}

/** A probe succeeded: Intercom accepts the token again and the waiting calls go out. */
export class IntercomAuthorizationResumedEvent {
  constructor(
    /** How long the pause lasted, ms. */
    readonly pausedMs: number,
  ) {}
}
