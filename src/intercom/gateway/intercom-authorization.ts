import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import {
  type AuthorizationRefusalStatus,
  IntercomAuthorizationPausedEvent,
  IntercomAuthorizationResumedEvent,
} from './intercom-authorization.events';

/** One cheap call that needs the token (`GET /me`); resolves with its HTTP status, 0 when none came. */
export type AuthorizationProbe = () => Promise<number>;

export interface IntercomAuthorizationOptions {
  /** Time between two probes while paused, ms (INTERCOM_AUTH_PROBE_INTERVAL_MS, default 60 000). */
  probeIntervalMs: number;
  /** Absent in a dry run (no token): nothing is sent, so nothing can be refused. */
  probe?: AuthorizationProbe;
  events?: EventEmitter2;
}

/** Why Intercom work is paused: the refusal that opened the pause. */
export interface AuthorizationRefusal {
  status: AuthorizationRefusalStatus;
  /** Intercom's error code, e.g. `unauthorized`; empty when it sent none. */
  code: string;
  /** The call that met it, ids replaced, e.g. `/contacts/{id}`. */
  endpoint: string;
  /** Epoch ms at which the pause began. */
  sinceMs: number;
}

/**
 * The one switch for every Intercom call of this process (docs/reference.md, "Delivery
 * guarantees and safety"; Intercom field notes, "Authorization"): a `401` (token revoked or
 * wrong) or `403` (scope missing) concerns the whole workspace, not the call that met it.
 * The first such answer pauses all Intercom work: calls wait in `whenAuthorized()` instead of
 * being sent (authorized-fetch.ts), nothing is failed or retried meanwhile. While paused, the
 * switch probes every `probeIntervalMs` with `GET /me`; the first probe Intercom answers 2xx
 * resumes everything. One error log per pause and one log when it ends, never one per call;
 * the token itself is never logged.
 */
export class IntercomAuthorization implements OnApplicationShutdown {
  private readonly logger = new Logger('IntercomAuthorization');
  private current: AuthorizationRefusal | null = null;
  private waiting: { promise: Promise<void>; resolve: () => void } | null = null;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private resumes = 0;
  private pauseCount = 0;

  constructor(private readonly options: IntercomAuthorizationOptions) {}

  /** False while Intercom work is paused. */
  get authorized(): boolean {
    return this.current === null;
  }

  /** The refusal behind the current pause; null when authorized. */
  get refusal(): AuthorizationRefusal | null {
    return this.current;
  }

  /** Pauses since start. */
  get pauses(): number {
    return this.pauseCount;
  }

  /**
   * Counts the pauses that ended: a call sent in an earlier generation than the current one
   * was sent before a probe proved the token good, so its refusal is stale.
   */
  get generation(): number {
    return this.resumes;
  }

  /** Resolves at once when authorized, else when a probe succeeds. */
  whenAuthorized(): Promise<void> {
    if (this.current === null) return Promise.resolve();
    if (!this.waiting) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      this.waiting = { promise, resolve };
    }
    return this.waiting.promise;
  }

  /**
   * A call sent in `generation` was refused with `status`. Pauses all Intercom work unless
   * it is paused already, or a probe succeeded after that call was sent (a stale refusal:
   * the caller just sends again).
   */
  refused(
    status: AuthorizationRefusalStatus,
    details: { code: string; endpoint: string; generation: number },
  ): void {
    if (this.current !== null || details.generation !== this.resumes) return;
    this.current = {
      status,
      code: details.code,
      endpoint: details.endpoint,
      sinceMs: Date.now(),
    };
    this.pauseCount += 1;
    this.logger.error({
      msg: 'Intercom refused the access token: all Intercom work paused until it is accepted again',
      status,
      code: details.code,
      endpoint: details.endpoint,
      probe_interval_ms: this.options.probeIntervalMs,
    });
    this.options.events?.emit(
      IntercomAuthorizationPausedEvent.name,
      new IntercomAuthorizationPausedEvent(status, this.current.sinceMs),
    );
    this.scheduleProbe();
  }

  /** Stops probing; calls still waiting stay waiting (the process is ending). */
  onApplicationShutdown(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private scheduleProbe(): void {
    if (this.closed) return;
    // Not unref'd: a CLI command waiting for the switch must not see its process exit.
    this.timer = setTimeout(() => void this.probeOnce(), this.options.probeIntervalMs);
  }

  private async probeOnce(): Promise<void> {
    const probe = this.options.probe;
    if (this.closed || this.current === null || !probe) return;
    let status = 0;
    try {
      status = await probe();
    } catch {
      status = 0;
    }
    if (status >= 200 && status < 300) {
      this.resume();
      return;
    }
    this.logger.debug({ msg: 'Intercom authorization probe refused', status });
    this.scheduleProbe();
  }

  private resume(): void {
    const pausedMs = this.current ? Date.now() - this.current.sinceMs : 0;
    this.current = null;
    this.resumes += 1;
    const waiting = this.waiting;
    this.waiting = null;
    this.logger.log({
      msg: 'Intercom accepts the access token again: Intercom work resumed',
      paused_ms: pausedMs,
    });
    this.options.events?.emit(
      IntercomAuthorizationResumedEvent.name,
      new IntercomAuthorizationResumedEvent(pausedMs),
    );
    waiting?.resolve();
  }
}
