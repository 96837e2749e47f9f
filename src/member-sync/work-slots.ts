/**
 * At most `size` pieces of work at once: `acquire()` waits for a free slot
 * (first come, first served), `release()` frees it. The member sync holds one
 * slot per member being brought up to date, so that its Intercom calls in
 * flight never exceed MEMBER_SYNC_CONCURRENCY.
 */
export class WorkSlots {
  private busy = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`WorkSlots needs a positive integer size, got ${size}`);
    }
  }

  /** Slots taken now. */
  get inUse(): number {
    return this.busy;
  }

  acquire(): Promise<void> {
    if (this.busy < this.size) {
      this.busy += 1;
      return Promise.resolve();
    }
    // The slot is handed over by release(): `busy` does not drop in between.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = Math.max(0, this.busy - 1);
  }
}
