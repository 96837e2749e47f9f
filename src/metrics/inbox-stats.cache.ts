import type { InboxState } from '../intercom/inbox';

export interface InboxStats {
  counts: Record<InboxState, number>;
  oldestPendingAgeSeconds: number;
}

/**
 * The inbox's figures for the gauges, read at most once per `maxAgeMs`, and
 * once at a time: several Prometheus servers scraping every few seconds
 * then cost MySQL one GROUP BY per window. A failed read is not remembered.
 */
export class InboxStatsCache {
  private value?: { stats: InboxStats; at: number };
  private pending?: Promise<InboxStats>;

  constructor(
    private readonly load: () => Promise<InboxStats>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<InboxStats> {
    if (this.pending) return this.pending;
    if (this.value && this.now() - this.value.at < this.maxAgeMs) {
      return Promise.resolve(this.value.stats);
    }
    const pending = this.load().then((stats) => {
      this.value = { stats, at: this.now() };
      return stats;
    });
    this.pending = pending;
    const clear = () => {
      if (this.pending === pending) this.pending = undefined;
    };
    pending.then(clear, clear);
    return pending;
  }
}
