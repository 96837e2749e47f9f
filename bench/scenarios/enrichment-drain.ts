/**
 * One enrichment round: a burst of signed notifications, each needing a GET
 * and a PUT of its contact, sent as one of the double's windows starts and
 * drained through the double's fixed-window limit; the share of the allowed
 * calls used is counted the strict way (lib/budget.ts), so a perfect client
 * (`limit` calls at the start of every window) scores 100 % when the calls
 * fill whole windows.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { budgetUse, untilNextWindow, type BudgetUse, type RateLimit } from '../lib/budget';
import type { BenchContext } from '../lib/context';
import type { IntercomDoubleChild } from '../lib/intercom-double';
import { log } from '../lib/log';
import { signedNotification, type SignedRequest } from '../lib/notifications';
import type { RunningService } from '../lib/service';

const SEND_CONCURRENCY = 16;

/** As fast as SEND_CONCURRENCY connections allow (a burst, as after an Intercom outage); answers refusals. */
async function sendBurst(url: string, requests: readonly SignedRequest[]): Promise<number> {
  let next = 0;
  let refused = 0;
  const lane = async (): Promise<void> => {
    while (next < requests.length) {
      const { body, headers } = requests[next++];
      const response = await fetch(`${url}/api/intercom/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (response.status !== 200) refused += 1;
    }
  };
  await Promise.all(Array.from({ length: SEND_CONCURRENCY }, lane));
  return refused;
}

/** Polls the inbox until `count` rows of the prefix are done or failed; answers their outcomes. */
async function waitForDrain(ctx: BenchContext, prefix: string, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await ctx.mysql.query<Array<{ state: string; outcome: string | null; n: number }>>(
      `SELECT state, outcome, COUNT(*) AS n FROM intercom_notifications
        WHERE notification_id LIKE ? GROUP BY state, outcome`,
      [`${prefix}-%`],
    );
    const outcomes = Object.fromEntries(rows.map((r) => [r.outcome ?? r.state, Number(r.n)]));
    const settled = rows
      .filter((r) => r.state === 'done' || r.state === 'failed')
      .reduce((sum, r) => sum + Number(r.n), 0);
    if (settled >= count) return outcomes;
    if (Date.now() > deadline) {
      throw new Error(`inbox did not drain in ${timeoutMs} ms: ${JSON.stringify(outcomes)}`);
    }
    await sleep(20);
  }
}

export async function drainRound(
  ctx: BenchContext,
  service: RunningService,
  double: IntercomDoubleChild,
  drain: RateLimit,
  label: string,
  count: number,
  emailOffset: number,
): Promise<BudgetUse> {
  const { limit, windowMs } = drain;
  const { foundEmails } = ctx.fixtures;
  const emails = Array.from(
    { length: count },
    (_, i) => foundEmails[(emailOffset + i) % foundEmails.length],
  );
  const contacts = await double.client.call('addContacts', { emails });
  await double.client.call('takeCalls', null);
  const prefix = `${ctx.runId}-${label}`;
  const requests = contacts.map((id, i) => signedNotification(`${prefix}-${i}`, id));

  await untilNextWindow(double.info.windowsOrigin, windowMs);
  const started = Date.now();
  const refused = await sendBurst(service.url, requests);
  if (refused > 0) throw new Error(`${refused} notifications were not acknowledged with 200`);
  // Ten times the ideal drain time, at least 30 s: bounded, yet never cut short.
  const timeout = Math.max(30_000, Math.ceil((2 * count) / limit) * windowMs * 10);
  const outcomes = await waitForDrain(ctx, prefix, count, timeout);
  const drainSec = (Date.now() - started) / 1000;
  const b = budgetUse(
    await double.client.call('takeCalls', null),
    drain,
    double.info.windowsOrigin,
  );
  log(
    `  ${label}: ${count} drained in ${drainSec.toFixed(2)} s, ${b.calls} calls in ` +
      `${b.windows} windows [${b.perWindow.join(', ')}] (perfect client ${b.perfectWindows}), ` +
      `${(b.share * 100).toFixed(1)} %, 429: ${b.tooManyRequests}, outcomes ${JSON.stringify(outcomes)}`,
  );
  // The next round starts with every slot of the service's limiter free.
  await sleep(windowMs + 250);
  return b;
}
