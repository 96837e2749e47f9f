/**
 * This process's own calls as rule 3 of the RateLimiter counts them (rate-limiter.ts): a
 * call holds its slot while in flight and for a full window after its answer arrived, so
 * a call started after the slot frees never shares a window with it, whatever the network
 * delay. Times are epoch milliseconds.
 */
export class OwnCalls {
  private running = 0;
  /** Answer times of finished calls still inside the window, oldest first. */
  private finished: number[] = [];

  constructor(private readonly windowMs: number) {}

  /** Calls started and not answered yet. */
  get inFlight(): number {
    return this.running;
  }

  started(): void {
    this.running += 1;
  }

  /** A call's answer (or its failure) arrived at `at`. */
  answered(at: number): void {
    this.running -= 1;
    this.forgetExpired(at);
    this.finished.push(at);
  }

  /** Slots held at `now`: calls in flight plus calls answered within the last window. */
  held(now: number): number {
    this.forgetExpired(now);
    return this.running + this.finished.length;
  }

  /** Ms until the oldest answered call leaves the window; undefined when none is held (only in-flight calls, freed by their answer). */
  nextExpiryIn(now: number): number | undefined {
    return this.finished.length > 0 ? this.finished[0] + this.windowMs - now : undefined;
  }

  private forgetExpired(now: number): void {
    const horizon = now - this.windowMs;
    let expired = 0;
    while (expired < this.finished.length && this.finished[expired] <= horizon) expired += 1;
    if (expired > 0) this.finished = this.finished.slice(expired);
  }
}
