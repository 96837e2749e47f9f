import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { memberSyncConfig } from '../common/config/member-sync.config';
import { emitIntercomEvent, ContactSearchWalkedEvent } from '../intercom/events';
import { withBatchPriority, IntercomGateway } from '../intercom/gateway';
import type { ContactSearchWalk } from '../intercom/gateway';
import { describeError } from '../intercom/inbox';
import { MemberRepository } from '../members';
import { PositionsService } from '../positions';
import { fullRunDue } from './change-detection';
import {
  emitMemberSyncEvent,
  MemberSyncRunFinishedEvent,
  MemberSyncStatusEvent,
  type MemberSyncOutcome,
} from './events/member-sync.events';
import { FullReconciliation } from './full-reconciliation';
import { FullReconciliationWalk } from './full-reconciliation.walk';
import { IncrementalSync } from './incremental-sync';
import { MemberBatchWriter } from './member-batch.writer';
import { MemberContactsFinder } from './member-contacts.finder';
import { emptyReport, type MemberSyncKind, type MemberSyncReport } from './member-sync-report';
import type { MemberSyncOptions, Run } from './member-sync-run';
import { MemberSyncRepository } from './member-sync.repository';
import { WorkSlots } from './work-slots';

export { MEMBERS_PER_BATCH } from './incremental-sync';
export type { MemberSyncOptions, MemberSyncProgress } from './member-sync-run';

/**
 * docs/reference.md, "Member data stays current": keeps enriched contacts current. Every run takes the
 * sync's lock (one process at a time, whatever the number of instances) and
 * queues its Intercom calls behind webhook work (withBatchPriority).
 *
 *  - incremental (IncrementalSync): members whose row changed since the watermark (with an
 *    overlap), then members whose section 5 attributes, computed now, differ
 *    from those last written by any path (positions starting or ending today,
 *    Supabase rows changed, a status that left Active/Retired);
 *  - full (FullReconciliation): every contact carrying a `member_number`, walked first,
 *    written after the walk (docs/reference.md, "Walks over Intercom's search");
 *  - member: one member, on demand.
 * A contact is written only where it differs (MemberBatchWriter): one already right
 * costs no call. Email and name are never written. Up to MEMBER_SYNC_CONCURRENCY
 * members are worked on at once (one call each in flight), so that the run keeps
 * the rate limiter busy whatever Intercom's latency; the limiter sets the pace.
 */
@Injectable()
export class MemberSyncService {
  private readonly logger = new Logger(MemberSyncService.name);
  private readonly writer: MemberBatchWriter;
  private readonly incrementalSync: IncrementalSync;
  private readonly fullSync: FullReconciliation;

  constructor(
    private readonly members: MemberRepository,
    positions: PositionsService,
    intercom: IntercomGateway,
    private readonly store: MemberSyncRepository,
    private readonly events: EventEmitter2,
    @Inject(memberSyncConfig.KEY) private readonly config: ConfigType<typeof memberSyncConfig>,
  ) {
    const finder = new MemberContactsFinder(intercom, (walk) =>
      this.walked('member_numbers', walk),
    );
    this.writer = new MemberBatchWriter(positions, intercom, store, finder);
    this.incrementalSync = new IncrementalSync(members, positions, store, this.writer);
    this.fullSync = new FullReconciliation(
      intercom,
      members,
      store,
      new FullReconciliationWalk(intercom, members, store, this.writer),
      this.writer,
      (name, walk) => this.walked(name, walk),
    );
  }

  /** Changed members since the last run. */
  runIncremental(options: MemberSyncOptions = {}): Promise<MemberSyncReport> {
    return this.locked('incremental', options, (run) => this.incrementalSync.run(run));
  }

  /** Every contact that carries a member_number (`refresh --all`, and daily). */
  runFull(options: MemberSyncOptions = {}): Promise<MemberSyncReport> {
    return this.locked('full', options, (run) => this.fullSync.run(run));
  }

  /** One member now, adopting its USER by email when no contact carries its number. */
  runMember(memberNumber: string, options: MemberSyncOptions = {}): Promise<MemberSyncReport> {
    return this.locked('member', options, async (run) => {
      const [member] = await this.members.findByNumbers([memberNumber]);
      if (member) await this.writer.syncMembers([member], run, { adopt: true });
    });
  }

  /**
   * The scheduler's round, under one hold of the lock: the incremental run, then
   * the full one when MEMBER_SYNC_FULL_AT has passed since the last one started.
   * Null when another process holds the lock.
   */
  async runScheduled(
    fullAtMinutes: number,
    signal: AbortSignal,
  ): Promise<MemberSyncReport[] | null> {
    const outcome = await this.store.exclusively(async () => {
      const reports = [
        await this.unlocked('incremental', { signal }, (run) => this.incrementalSync.run(run)),
      ];
      const state = await this.store.readState();
      const now = Date.now();
      if (state.fullStartedMs === null) {
        // A fresh database: the first full run waits for the next MEMBER_SYNC_FULL_AT.
        await this.store.saveFullProgress({ cursor: null, startedMs: now });
      } else if (!signal.aborted && fullRunDue(now, fullAtMinutes, state)) {
        reports.push(await this.unlocked('full', { signal }, (run) => this.fullSync.run(run)));
      }
      return reports;
    });
    return outcome.acquired ? outcome.result : null;
  }

  /** Tells every listener (the metrics) when the runs last succeeded, from the shared state. */
  async publishStatus(): Promise<void> {
    const state = await this.store.readState();
    emitMemberSyncEvent(
      this.events,
      new MemberSyncStatusEvent(state.incrementalSuccessMs, state.fullSuccessMs),
    );
  }

  private async locked(
    kind: MemberSyncKind,
    options: MemberSyncOptions,
    work: (run: Run) => Promise<void>,
  ): Promise<MemberSyncReport> {
    // A dry run writes nothing and moves nothing: it needs no lock.
    if (options.dryRun) return this.unlocked(kind, options, work);
    const outcome = await this.store.exclusively(() => this.unlocked(kind, options, work));
    return outcome.acquired ? outcome.result : { ...emptyReport(kind, false), end: 'busy' };
  }

  /** Runs one kind of run as batch work, and reports how it ended (log, event). */
  private async unlocked(
    kind: MemberSyncKind,
    options: MemberSyncOptions,
    work: (run: Run) => Promise<void>,
  ): Promise<MemberSyncReport> {
    const report = emptyReport(kind, options.dryRun === true);
    const run: Run = {
      report,
      options,
      dryRun: report.dryRun,
      slots: new WorkSlots(this.config.concurrency),
      progressByContacts: false,
      progressTotal: 0,
    };
    const started = Date.now();
    // With the end line, shows when this process held the sync (one at a time across instances).
    this.logger.debug({ msg: `Member sync ${kind} run started`, dry_run: report.dryRun });
    try {
      await withBatchPriority(() => work(run));
    } catch (error) {
      this.finished(report, 'failed', started, error);
      throw error;
    }
    if (options.signal?.aborted) report.end = 'interrupted';
    const outcome: MemberSyncOutcome =
      report.end === 'interrupted' || report.end === 'incomplete' ? report.end : 'completed';
    this.finished(report, outcome, started);
    return report;
  }

  private finished(
    report: MemberSyncReport,
    outcome: MemberSyncOutcome,
    started: number,
    error?: unknown,
  ): void {
    // Counts only: member numbers and values stay out of the logs.
    const entry = {
      msg: `Member sync ${report.kind} run ${outcome}`,
      dry_run: report.dryRun,
      members_examined: report.membersExamined,
      contacts_compared: report.contactsCompared,
      contacts_written: report.contactsWritten,
      failed: report.failed,
      duration_ms: Date.now() - started,
      ...(error !== undefined && { error: describeError(error) }),
      ...(report.incomplete !== undefined && { incomplete: report.incomplete }),
    };
    if (outcome === 'failed' || outcome === 'incomplete') this.logger.error(entry);
    else if (report.contactsWritten > 0 || report.failed > 0) this.logger.log(entry);
    else this.logger.debug(entry);
    if (report.dryRun) return;
    emitMemberSyncEvent(
      this.events,
      new MemberSyncRunFinishedEvent(
        report.kind,
        outcome,
        report.membersExamined,
        report.contactsCompared,
        report.failed,
        { ...report.writtenByAttribute },
      ),
    );
  }

  /** Tells the metrics how a walk over Intercom's search went (counts only). */
  private walked(name: string, walk: ContactSearchWalk): void {
    emitIntercomEvent(
      this.events,
      new ContactSearchWalkedEvent(
        name,
        walk.incomplete === null,
        walk.stats.repeatedPages,
        walk.stats.repeatedContacts,
      ),
    );
  }
}
