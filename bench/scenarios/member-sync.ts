/**
 * Intercom budget, member sync: run as an operator runs it, through the CLI
 * (`node dist/cli/main.js refresh [--all]`), one process a run, against the
 * bench's databases, PostgREST server and an Intercom double, with nothing
 * else calling Intercom meanwhile, so every call counted is the run's.
 *  - incremental: members changed before a run: Intercom calls per changed member;
 *  - full reconciliation, every contact out of date, at each configured limit:
 *    the share of the allowed calls used (lib/budget.ts) and 429 answers.
 */
import { SEARCH_PAGE_SIZE } from '../../src/member-sync/member-contacts.finder';
import type { TestMysqlDatabase } from '../../test/support/databases';
import type { RecordedCall } from '../children/intercom-double.protocol';
import type { FullSyncLimit } from '../config';
import { PRIVATE_APP_LIMIT } from '../config';
import { budgetUse, describeLimit, untilNextWindow, type RateLimit } from '../lib/budget';
import { runCli } from '../lib/cli';
import type { BenchContext } from '../lib/context';
import {
  intercomEnv,
  intercomRateEnv,
  startIntercomDoubleChild,
  type IntercomDoubleChild,
} from '../lib/intercom-double';
import { log } from '../lib/log';
import {
  activeMembers,
  changeMembers,
  createMemberSyncDatabase,
  enrichedContactSeeds,
  STALE_MEMBER_TYPE,
  staleContactSeeds,
} from '../lib/member-sync-fixtures';
import { rowMaker, type ResultRow } from '../lib/report';
import { serviceEnv } from '../lib/service';
import { summarize } from '../lib/stats';

/** The CLI's configuration: the service's, on this member table and this double. */
export function cliEnv(
  ctx: BenchContext,
  mysql: TestMysqlDatabase,
  double: IntercomDoubleChild,
  rate: RateLimit,
): Record<string, string> {
  return serviceEnv(ctx, {
    ...intercomEnv(double),
    ...intercomRateEnv(rate),
    MYSQL_DB: mysql.name,
  });
}

function contactsWritten(output: string): number {
  const match = /contacts written\s+(\d+)/.exec(output);
  if (!match) throw new Error(`no "contacts written" in the CLI's summary:\n${output}`);
  return Number(match[1]);
}

/** One CLI run: its Intercom calls and the contacts it says it wrote. */
async function syncRun(
  ctx: BenchContext,
  double: IntercomDoubleChild,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ calls: RecordedCall[]; written: number }> {
  await double.client.call('takeCalls', null);
  const output = await runCli(ctx, args, env, timeoutMs);
  return { calls: await double.client.call('takeCalls', null), written: contactsWritten(output) };
}

/**
 * Up-to-date contacts recorded by a full run (which must write none), a first
 * incremental run for the watermark; then each round changes `changed` members
 * and runs: answers the calls per changed member of each round.
 */
async function incremental(ctx: BenchContext, mysql: TestMysqlDatabase): Promise<number[]> {
  const { members, changed, rounds } = ctx.config.memberSync;
  const double = await startIntercomDoubleChild(ctx, PRIVATE_APP_LIMIT);
  try {
    await double.client.call('seedContacts', {
      contacts: await enrichedContactSeeds(ctx, mysql, members),
    });
    const env = cliEnv(ctx, mysql, double, PRIVATE_APP_LIMIT);
    const seed = await syncRun(ctx, double, ['refresh', '--all'], env, 120_000 + members * 50);
    if (seed.written !== 0) throw new Error(`up-to-date contacts, yet ${seed.written} written`);
    await syncRun(ctx, double, ['refresh'], env, 120_000);
    const active = activeMembers(members);
    const perChanged: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await changeMembers(mysql, active.slice(r * changed, (r + 1) * changed), r);
      const run = await syncRun(ctx, double, ['refresh'], env, 120_000);
      if (run.written < changed) throw new Error(`${changed} changed, ${run.written} written`);
      perChanged.push(run.calls.length / changed);
      log(
        `  ${changed} of ${members} changed: ${run.calls.length} Intercom calls, ${run.written} written`,
      );
    }
    return perChanged;
  } finally {
    await double.handle.stop();
  }
}

/**
 * The most contacts, all out of date, whose full reconciliation makes at most `calls` calls
 * (exactly `calls` when that can be): one search page per SEARCH_PAGE_SIZE contacts walked,
 * one search per SEARCH_PAGE_SIZE contacts to write (read again by id after the walk), and
 * one write per contact.
 */
export function contactsFilling(calls: number): number {
  const searches = (contacts: number) => 2 * Math.ceil(contacts / SEARCH_PAGE_SIZE);
  let contacts = calls;
  while (contacts > 0 && contacts + searches(contacts) > calls) contacts -= 1;
  return contacts;
}

/** At one limit: each round makes every contact stale again, then `refresh --all`. */
async function fullAt(
  ctx: BenchContext,
  mysql: TestMysqlDatabase,
  full: FullSyncLimit,
): Promise<ResultRow[]> {
  // A new CLI process keeps one call of its first window back until it knows it is alone
  // (docs/reference.md): the run is sized one call short of whole windows.
  const contacts = contactsFilling(full.limit * full.windows - 1);
  if (contacts > ctx.config.memberSync.members)
    throw new Error(`${contacts} contacts need as many members`);
  const limit = describeLimit(full);
  log(
    `member sync, full reconciliation: ${contacts} contacts out of date, ${limit}, ${full.rounds} rounds`,
  );
  const double = await startIntercomDoubleChild(ctx, full);
  try {
    await double.client.call('seedContacts', { contacts: staleContactSeeds(contacts) });
    const env = cliEnv(ctx, mysql, double, full);
    const timeout = 60_000 + Math.ceil((contacts * 1.01) / full.limit) * full.windowMs * 5;
    const shares: number[] = [];
    for (let r = 0; r < full.rounds; r++) {
      if (r > 0) await double.client.call('staleMemberType', { value: STALE_MEMBER_TYPE });
      await untilNextWindow(double.info.windowsOrigin, full.windowMs);
      const run = await syncRun(ctx, double, ['refresh', '--all'], env, timeout);
      if (run.written !== contacts) throw new Error(`wrote ${run.written} of ${contacts} contacts`);
      const budget = budgetUse(run.calls, full, double.info.windowsOrigin);
      shares.push(budget.share);
      log(
        `  round ${r}: ${budget.calls} calls, windows [${budget.perWindow.join(', ')}] ` +
          `(a perfect client: ${budget.perfectWindows}), ${(budget.share * 100).toFixed(1)} %, 429: ${budget.tooManyRequests}`,
      );
    }
    const stats = await double.client.call('stats', null);
    if (stats.validationErrors > 0)
      throw new Error(`the double found ${stats.validationErrors} invalid requests`);
    const row = rowMaker('member-sync', 'Member sync, full reconciliation ');
    return [
      row(
        `of ${contacts.toLocaleString('en-US')} contacts at ${limit}: share of the allowed calls used`,
        summarize(shares),
        '%',
        { atLeast: 0.9 },
      ),
      row(`at ${limit}: 429 answers`, summarize([stats.tooManyRequests]), '', { atMost: 0 }),
    ];
  } finally {
    await double.handle.stop();
  }
}

export async function benchMemberSync(ctx: BenchContext): Promise<ResultRow[]> {
  const { members, changed, rounds, full } = ctx.config.memberSync;
  log(`member sync, incremental: ${members} members, ${changed} changed a run, ${rounds} rounds`);
  const mysql = await createMemberSyncDatabase(ctx, members);
  try {
    const perChanged = await incremental(ctx, mysql);
    const measurement = `Member sync, incremental, ${changed} of ${members.toLocaleString('en-US')} members changed: Intercom calls per changed member`;
    const rows = [rowMaker('member-sync')(measurement, summarize(perChanged), '', { atMost: 1.1 })];
    for (const limit of full) rows.push(...(await fullAt(ctx, mysql, limit)));
    return rows;
  } finally {
    await mysql.drop();
  }
}
