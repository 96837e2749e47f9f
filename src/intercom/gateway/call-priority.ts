import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who waits first when calls queue for the budget: `interactive` work (a live
 * conversation's webhook, an operator's command) goes before `batch` work
 * (backfill, the member sync), whatever the order they asked in.
 */
export type CallPriority = 'interactive' | 'batch';

const priority = new AsyncLocalStorage<CallPriority>();

/**
 * Runs `work` with every Intercom call it makes (however deep) queued as batch
 * work: webhook enrichment and re-syncs go first within the shared budget, a
 * nightly walk over thousands of contacts fills what they leave. The priority
 * travels with the async context, so the gateway's signatures stay as they are.
 */
export function withBatchPriority<T>(work: () => Promise<T>): Promise<T> {
  return priority.run('batch', work);
}

/** The priority of the Intercom call being made now: `interactive` unless inside withBatchPriority. */
export function currentCallPriority(): CallPriority {
  return priority.getStore() ?? 'interactive';
}
