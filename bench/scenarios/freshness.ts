/**
 * Freshness: the time from a member's change in MySQL (a facility change, the
 * row's updated_at stamped as the members application does) or in Supabase (a
 * position starting today) to the member's contact updated in Intercom (the
 * double's PUT of that contact), with the member sync running inside the
 * service on its own schedule, at its default settings: MEMBER_SYNC_INTERVAL_MS
 * unset (5 minutes) in the full run. The changes are spread evenly over whole
 * intervals from the service's start, so they meet the schedule at every phase,
 * as changes made by people do.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedCall } from '../children/intercom-double.protocol';
import { PRIVATE_APP_LIMIT } from '../config';
import { runCli } from '../lib/cli';
import type { BenchContext } from '../lib/context';
import { memberNumberOf } from '../lib/fixtures';
import { startIntercomDoubleChild, type IntercomDoubleChild } from '../lib/intercom-double';
import { log } from '../lib/log';
import {
  activeMembers,
  createMemberSyncDatabase,
  enrichedContactSeeds,
} from '../lib/member-sync-fixtures';
import { rowMaker, type ResultRow } from '../lib/report';
import { startService } from '../lib/service';
import { percentile, summarize } from '../lib/stats';
import type { TestMysqlDatabase } from '../../test/support/databases';
import { cliEnv } from './member-sync';

/** MEMBER_SYNC_INTERVAL_MS when unset (docs/reference.md, configuration). */
const DEFAULT_INTERVAL_MS = 300_000;

type Source = 'MySQL' | 'Supabase';

interface Change {
  source: Source;
  contactPath: string;
  /** Date.now() once the change was committed. */
  at: number;
}

/** Makes member `i`'s change in `source`; answers when it was committed. */
async function change(ctx: BenchContext, mysql: TestMysqlDatabase, i: number, source: Source) {
  if (source === 'MySQL') {
    await mysql.query(
      'UPDATE members SET facility_id = MOD(facility_id, 3) + 1, updated_at = UTC_TIMESTAMP() WHERE membernumber = ?',
      [memberNumberOf(i)],
    );
  } else {
    await ctx.postgres.client.query(
      `insert into public.positions (membernumber, positiontype, start_date, end_date)
       values ($1, 'Treasurer', current_date, null)`,
      [memberNumberOf(i)],
    );
  }
  return Date.now();
}

/** Waits for each change's first contact write after it; answers the delays, ms. */
async function waitForUpdates(
  double: IntercomDoubleChild,
  changes: readonly Change[],
  deadline: number,
): Promise<Map<Change, number>> {
  const delays = new Map<Change, number>();
  const calls: RecordedCall[] = [];
  while (delays.size < changes.length && Date.now() < deadline) {
    calls.push(...(await double.client.call('takeCalls', null)));
    for (const c of changes) {
      const write = calls.find(
        (call) =>
          call.method === 'PUT' &&
          call.status === 200 &&
          call.path === c.contactPath &&
          call.at >= c.at,
      );
      if (write && !delays.has(c)) delays.set(c, write.at - c.at);
    }
    await sleep(200);
  }
  return delays;
}

export async function benchFreshness(ctx: BenchContext): Promise<ResultRow[]> {
  const { members, changes: count, spanIntervals, intervalMs } = ctx.config.freshness;
  const interval = intervalMs ?? DEFAULT_INTERVAL_MS;
  const mysql = await createMemberSyncDatabase(ctx, members);
  const double = await startIntercomDoubleChild(ctx, PRIVATE_APP_LIMIT);
  try {
    const ids = await double.client.call('seedContacts', {
      contacts: await enrichedContactSeeds(ctx, mysql, members),
    });
    // The service's settings: defaults but for where things are, and the member sync on.
    const env = cliEnv(ctx, mysql, double, PRIVATE_APP_LIMIT);
    delete env.INTERCOM_RATE_WINDOW_MS;
    // Contacts recorded and the watermark set, as on a service that has run a while.
    await runCli(ctx, ['refresh', '--all'], env, 120_000 + members * 50);
    await runCli(ctx, ['refresh'], env, 120_000);
    const service = await startService(ctx, {
      ...env,
      MEMBER_SYNC_ENABLED: 'true',
      ...(intervalMs !== undefined && { MEMBER_SYNC_INTERVAL_MS: String(intervalMs) }),
    });
    try {
      const started = Date.now();
      await double.client.call('takeCalls', null);
      const span = spanIntervals * interval;
      log(
        `freshness: ${count} changes over ${(span / 60_000).toFixed(1)} min, MEMBER_SYNC_INTERVAL_MS ` +
          `${intervalMs ?? `unset (${interval})`}; done within ${((span + interval) / 60_000 + 1).toFixed(1)} min`,
      );
      const active = activeMembers(members);
      const step = Math.floor(active.length / count);
      const changes: Change[] = [];
      for (let k = 0; k < count; k++) {
        await sleep(Math.max(0, started + ((k + 0.5) * span) / count - Date.now()));
        const i = active[k * step];
        const source: Source = k % 2 === 0 ? 'MySQL' : 'Supabase';
        changes.push({
          source,
          contactPath: `/contacts/${ids[i - 1]}`,
          at: await change(ctx, mysql, i, source),
        });
      }
      const delays = await waitForUpdates(double, changes, Date.now() + 2 * interval + 60_000);
      if (delays.size < changes.length) {
        throw new Error(
          `only ${delays.size} of ${changes.length} changed members reached Intercom`,
        );
      }
      const seconds = (source?: Source) =>
        changes
          .filter((c) => !source || c.source === source)
          .map((c) => (delays.get(c) ?? 0) / 1000);
      log(
        `  delays, s: ${seconds()
          .map((s) => s.toFixed(1))
          .join(', ')}`,
      );
      const setting =
        intervalMs === undefined ? 'default settings' : `MEMBER_SYNC_INTERVAL_MS=${intervalMs}`;
      const row = rowMaker('freshness', `Freshness (${setting}), change → contact updated: `);
      return [
        row(`p50 of ${count} changes`, summarize([percentile(seconds(), 50)]), 's'),
        row('p95', summarize([percentile(seconds(), 95)]), 's'),
        row('the longest', summarize([Math.max(...seconds())]), 's'),
        row('p50 of the MySQL changes', summarize([percentile(seconds('MySQL'), 50)]), 's'),
        row('p50 of the Supabase changes', summarize([percentile(seconds('Supabase'), 50)]), 's'),
      ];
    } finally {
      await service.stop();
    }
  } finally {
    await double.handle.stop();
    await mysql.drop();
  }
}
