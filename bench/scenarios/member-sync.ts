/**
 * Measurement 4: the member sync (src/member-sync), run as an operator runs it,
 * through the CLI (`node dist/cli/main.js refresh [--all]`) against the
 * bench's databases, PostgREST server and an Intercom double: one process,
 * one run, nothing else calling Intercom or the databases meanwhile, so every
 * call, statement and request counted is the run's.
 *
 *  (a) incremental: on a member table of each size, every member with one
 *      enriched contact (up to date), k members changed before a run, then a
 *      run with none changed: Intercom calls per changed member, and MySQL
 *      statements and Supabase requests per run;
 *  (b) full reconciliation, every contact carrying a member number out of
 *      date, at each configured Intercom limit: time, and the share of the
 *      allowed calls used (lib/budget.ts, the strict way).
 */
import { SEARCH_PAGE_SIZE } from '../../src/member-sync/member-contacts.finder';
import type { TestMysqlDatabase } from '../../test/support/databases';
import type { RecordedCall } from '../children/intercom-double.protocol';
import type { FullSyncLimit } from '../config';
import {
  budgetUse,
  cpuMsPerCall,
  describeLimit,
  NO_LIMIT,
  summarizeBudget,
  unlimitedReference,
  untilNextWindow,
  type BudgetUse,
  type RateLimit,
} from '../lib/budget';
import { runCli, type CliRun } from '../lib/cli';
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
import { byKind, runQueries } from '../lib/member-sync-queries';
import type {
  FullSyncResult,
  IncrementalSyncResult,
  MemberSyncResult,
  UnlimitedReference,
} from '../lib/results';
import { serviceEnv } from '../lib/service-env';
import { summarize } from '../lib/stats';

/** One CLI run and what it cost. */
interface SyncRun {
  cli: CliRun;
  /** CPU time per Intercom call, ms. */
  cliCpuMsPerCall: number;
  doubleCpuMsPerCall: number;
  calls: RecordedCall[];
  searches: number;
  writes: number;
  supabaseRequests: number;
  /** From the CLI's summary. */
  contactsWritten: number;
}

const isSearch = (c: RecordedCall) => c.method === 'POST' && c.path === '/contacts/search';
const isWrite = (c: RecordedCall) => c.method === 'PUT' && c.path.startsWith('/contacts/');

function summaryCount(output: string, label: string): number {
  const match = new RegExp(`${label}\\s+(\\d+)`).exec(output);
  if (!match) throw new Error(`no "${label}" in the CLI's summary:\n${output}`);
  return Number(match[1]);
}

/** The CLI's configuration: the service's, on this member table and this double. */
function cliEnv(
  ctx: BenchContext,
  mysql: TestMysqlDatabase,
  double: IntercomDoubleChild,
  rate: RateLimit,
): Record<string, string> {
  return serviceEnv(ctx, {
    ...intercomEnv(double),
    ...intercomRateEnv(ctx, rate),
    MYSQL_DB: mysql.name,
  });
}

async function syncRun(
  ctx: BenchContext,
  double: IntercomDoubleChild,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<SyncRun> {
  await double.client.call('takeCalls', null);
  await ctx.postgrest.client.call('clearRequests', null);
  const cpu = ctx.cpu.snapshot();
  const cli = await runCli(ctx, args, env, timeoutMs);
  const cpuUse = ctx.cpu.since(cpu);
  const calls = await double.client.call('takeCalls', null);
  const supabaseRequests = await ctx.postgrest.client.call('clearRequests', null);
  return {
    cli,
    // Measured inside the CLI, from taking the lock: the process has exited by now.
    cliCpuMsPerCall: calls.length > 0 ? cli.runCpuMs / calls.length : Number.NaN,
    doubleCpuMsPerCall: cpuMsPerCall(cpuUse, double.handle.name, calls.length),
    calls,
    searches: calls.filter(isSearch).length,
    writes: calls.filter(isWrite).length,
    supabaseRequests,
    contactsWritten: summaryCount(cli.output, 'contacts written'),
  };
}

/** Incremental runs a few changed members make: a minute is plenty. */
const INCREMENTAL_TIMEOUT_MS = 120_000;

function incrementalResult(
  members: number,
  changed: number,
  runs: readonly SyncRun[],
): IncrementalSyncResult {
  const of = (pick: (run: SyncRun) => number) => summarize(runs.map(pick));
  const last = runs[runs.length - 1];
  return {
    members,
    changed,
    intercomCalls: of((r) => r.calls.length),
    callsPerChanged: changed > 0 ? of((r) => r.calls.length / changed) : undefined,
    searches: of((r) => r.searches),
    writes: of((r) => r.writes),
    mysqlQueries: of((r) => runQueries(r.cli.queries).total),
    mysqlScanQueries: of((r) => runQueries(r.cli.queries).scan),
    supabaseRequests: of((r) => r.supabaseRequests),
    wallSec: of((r) => r.cli.wallMs / 1000),
    queriesByKind: byKind(last.cli.queries),
    statements: last.cli.queries,
    contactsWritten: of((r) => r.contactsWritten),
  };
}

function logRun(label: string, run: SyncRun): void {
  const queries = runQueries(run.cli.queries);
  log(
    `  ${label}: ${run.calls.length} Intercom calls (${run.searches} searches, ${run.writes} writes), ` +
      `${queries.total} MySQL statements (${queries.scan} in the scan), ` +
      `${run.supabaseRequests} Supabase requests, ${(run.cli.wallMs / 1000).toFixed(1)} s`,
  );
}

/**
 * (a) on `members` members: seeds up-to-date contacts, a full run records them
 * (and must write none), a first incremental run sets the watermark; then each
 * round changes `changed` members, runs, and runs again with nothing changed.
 */
async function incrementalAt(
  ctx: BenchContext,
  mysql: TestMysqlDatabase,
  members: number,
): Promise<{ results: IncrementalSyncResult[]; seedWrites: number }> {
  const { changed, rounds, incrementalLimit } = ctx.config.memberSync;
  const double = await startIntercomDoubleChild(ctx, incrementalLimit);
  try {
    await double.client.call('seedContacts', {
      contacts: await enrichedContactSeeds(ctx, mysql, members),
    });
    const env = cliEnv(ctx, mysql, double, incrementalLimit);
    const fullTimeout = 120_000 + members * 50;
    const seed = await syncRun(ctx, double, ['refresh', '--all'], env, fullTimeout);
    logRun(`${members} members, full run recording the contacts`, seed);
    logRun(
      `${members} members, first incremental run`,
      await syncRun(ctx, double, ['refresh'], env, INCREMENTAL_TIMEOUT_MS),
    );
    const active = activeMembers(members);
    if (active.length < rounds * changed) {
      throw new Error(`${members} members have too few Active ones for ${rounds} × ${changed}`);
    }
    const changedRuns: SyncRun[] = [];
    const quietRuns: SyncRun[] = [];
    for (let r = 0; r < rounds; r++) {
      await changeMembers(mysql, active.slice(r * changed, (r + 1) * changed), r);
      const run = await syncRun(ctx, double, ['refresh'], env, INCREMENTAL_TIMEOUT_MS);
      logRun(`${members} members, ${changed} changed`, run);
      changedRuns.push(run);
      const quiet = await syncRun(ctx, double, ['refresh'], env, INCREMENTAL_TIMEOUT_MS);
      logRun(`${members} members, none changed`, quiet);
      quietRuns.push(quiet);
    }
    const stats = await double.client.call('stats', null);
    if (stats.validationErrors > 0) {
      throw new Error(`the double found ${stats.validationErrors} invalid requests`);
    }
    return {
      results: [
        incrementalResult(members, changed, changedRuns),
        incrementalResult(members, 0, quietRuns),
      ],
      seedWrites: seed.contactsWritten,
    };
  } finally {
    await double.handle.stop();
  }
}

/**
 * The most contacts whose full reconciliation (one search page per
 * SEARCH_PAGE_SIZE contacts, one write per contact) makes at most `calls`
 * calls: exactly `calls` when that can be.
 */
export function contactsFilling(calls: number): number {
  let contacts = calls;
  while (contacts > 0 && contacts + Math.ceil(contacts / SEARCH_PAGE_SIZE) > calls) contacts -= 1;
  return contacts;
}

/** (b) at one limit: every round makes every contact stale again, then `refresh --all`. */
async function fullAt(
  ctx: BenchContext,
  mysql: TestMysqlDatabase,
  members: number,
  full: FullSyncLimit,
): Promise<FullSyncResult> {
  // Each round is a new CLI process: until a window proves it alone, its limiter keeps one call
  // of the window back for another instance (rate-limiter.ts, reserveForOthers), so the run is
  // sized one call short of whole windows.
  const contacts = contactsFilling(full.limit * full.windows - 1);
  if (contacts > members) throw new Error(`${contacts} contacts need as many members`);
  log(
    `member sync, full reconciliation: ${contacts} contacts out of date, Intercom limit ${describeLimit(full)}, ${full.rounds} rounds`,
  );
  const double = await startIntercomDoubleChild(ctx, full);
  try {
    await double.client.call('seedContacts', { contacts: staleContactSeeds(contacts) });
    const env = cliEnv(ctx, mysql, double, full);
    // Five times a perfect client's time, plus start-up: bounded, yet never cut short.
    const timeout = 60_000 + Math.ceil((contacts * 1.01) / full.limit) * full.windowMs * 5;
    const runs: SyncRun[] = [];
    const budgets: BudgetUse[] = [];
    for (let r = 0; r < full.rounds; r++) {
      if (r > 0) await double.client.call('staleMemberType', { value: STALE_MEMBER_TYPE });
      // The previous round's calls stay in their window: start on a fresh one.
      await untilNextWindow(double.info.windowsOrigin, full.windowMs);
      const run = await syncRun(ctx, double, ['refresh', '--all'], env, timeout);
      const budget = budgetUse(run.calls, full, double.info.windowsOrigin);
      if (run.contactsWritten !== contacts) {
        throw new Error(`full reconciliation wrote ${run.contactsWritten} of ${contacts} contacts`);
      }
      log(
        `  round ${r}: ${budget.calls} calls (${run.searches} searches, ${run.writes} writes) in ` +
          `${(budget.spanMs / 1000).toFixed(1)} s, ${budget.windows} windows (perfect client ${budget.perfectWindows}), ` +
          `${(budget.share * 100).toFixed(1)} % of the allowed calls (per window ${budget.perWindow.join(' / ')}), ` +
          `429: ${budget.tooManyRequests}, ` +
          `CLI ${(run.cli.wallMs / 1000).toFixed(1)} s, CPU per call: CLI ${run.cliCpuMsPerCall.toFixed(2)} ms, ` +
          `double ${run.doubleCpuMsPerCall.toFixed(2)} ms`,
      );
      runs.push(run);
      budgets.push(budget);
    }
    const stats = await double.client.call('stats', null);
    const of = (pick: (run: SyncRun) => number) => summarize(runs.map(pick));
    const rateEnv = intercomRateEnv(ctx, full);
    return {
      rateLimit: { limit: full.limit, windowMs: full.windowMs },
      serviceLimit: rateEnv.INTERCOM_RATE_LIMIT ? Number(rateEnv.INTERCOM_RATE_LIMIT) : undefined,
      contacts,
      rounds: full.rounds,
      workSec: summarize(budgets.map((b) => b.spanMs / 1000)),
      wallSec: of((r) => r.cli.wallMs / 1000),
      budget: summarizeBudget(budgets),
      searches: of((r) => r.searches),
      writes: of((r) => r.writes),
      mysqlQueries: of((r) => runQueries(r.cli.queries).total),
      supabaseRequests: of((r) => r.supabaseRequests),
      cpuMsPerCall: { cli: of((r) => r.cliCpuMsPerCall), double: of((r) => r.doubleCpuMsPerCall) },
      validationErrors: stats.validationErrors,
    };
  } finally {
    await double.handle.stop();
  }
}

/** The largest full reconciliation's contacts against a double without a limit: the CLI's own pace. */
async function fullWithoutLimit(
  ctx: BenchContext,
  mysql: TestMysqlDatabase,
  contacts: number,
): Promise<UnlimitedReference> {
  log(`member sync, full reconciliation: ${contacts} contacts out of date, no limit (reference)`);
  const double = await startIntercomDoubleChild(ctx, NO_LIMIT);
  try {
    await double.client.call('seedContacts', { contacts: staleContactSeeds(contacts) });
    const env = cliEnv(ctx, mysql, double, NO_LIMIT);
    const run = await syncRun(ctx, double, ['refresh', '--all'], env, 60_000 + contacts * 100);
    const budget = budgetUse(run.calls, NO_LIMIT, double.info.windowsOrigin);
    const reference = unlimitedReference(contacts, budget, {
      client: run.cliCpuMsPerCall,
      double: run.doubleCpuMsPerCall,
    });
    log(
      `  ${reference.calls} calls in ${reference.workSec.toFixed(1)} s (${reference.callsPerSecond.toFixed(0)} per s), ` +
        `CPU per call: CLI ${reference.clientCpuMsPerCall.toFixed(2)} ms, double ${reference.doubleCpuMsPerCall.toFixed(2)} ms`,
    );
    return reference;
  } finally {
    await double.handle.stop();
  }
}

export async function benchMemberSync(ctx: BenchContext): Promise<MemberSyncResult> {
  const { members, full } = ctx.config.memberSync;
  const result: MemberSyncResult = {
    incrementalLimit: ctx.config.memberSync.incrementalLimit,
    incremental: [],
    full: [],
    seedWrites: [],
  };
  const largest = Math.max(...members);
  if (largest > ctx.config.lookup.members) {
    // Positions exist (in the run's PostgreSQL) for the fixtures' members only.
    throw new Error(
      `member sync sizes go up to the fixtures' ${ctx.config.lookup.members} members`,
    );
  }
  let largestDb: TestMysqlDatabase | undefined;
  for (const size of [...members].sort((a, b) => a - b)) {
    log(
      `member sync, incremental: ${size} members with one enriched contact each, ` +
        `${ctx.config.memberSync.changed} changed per run, ${ctx.config.memberSync.rounds} rounds`,
    );
    const mysql = await createMemberSyncDatabase(ctx, size);
    const { results, seedWrites } = await incrementalAt(ctx, mysql, size);
    result.incremental.push(...results);
    result.seedWrites.push(seedWrites);
    // The full reconciliations run on the largest table (dropped at the end).
    if (size === largest) largestDb = mysql;
    else await mysql.drop();
  }
  if (!largestDb) throw new Error('no member table for the full reconciliation');
  for (const limit of full) result.full.push(await fullAt(ctx, largestDb, largest, limit));
  if (result.full.length > 0) {
    const contacts = Math.max(...result.full.map((f) => f.contacts));
    result.fullUnlimited = await fullWithoutLimit(ctx, largestDb, contacts);
  }
  await largestDb.drop();
  return result;
}
