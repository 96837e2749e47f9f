import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { memberSyncConfig } from '../common/config/member-sync.config';
import { diffContact } from '../intercom/enrichment/contact-diff';
import { memberContactChanges } from '../intercom/enrichment/member-contact-attributes';
import { withBatchPriority } from '../intercom/gateway/call-priority';
import type { IntercomContact } from '../intercom/gateway/intercom-contact';
import { IntercomNotFoundError, IntercomRequestError } from '../intercom/gateway/intercom.errors';
import { IntercomGateway } from '../intercom/gateway/intercom.gateway';
import { describeError } from '../intercom/inbox/failure-classification';
import { LOOKUP_STATUSES, type Member } from '../members/member';
import { MemberRepository } from '../members/member.repository';
import { PositionsService } from '../positions/positions.service';
import {
  attributesHash,
  fullRunDue,
  laterKey,
  RETRY_HASH,
  staleMembers,
  walkStart,
} from './change-detection';
import {
  emitMemberSyncEvent,
  MemberSyncRunFinishedEvent,
  MemberSyncStatusEvent,
} from './events/member-sync.events';
import {
  carriedMemberNumber,
  ENRICHED_CONTACTS_QUERY,
  MemberContactsFinder,
  SEARCH_PAGE_SIZE,
} from './member-contacts.finder';
import {
  countFailure,
  countWrite,
  emptyReport,
  type MemberSyncKind,
  type MemberSyncReport,
} from './member-sync-report';
import { MemberSyncStoppedError } from './member-sync.errors';
import { MemberSyncRepository } from './member-sync.repository';
import { WorkSlots } from './work-slots';

/** Changed member rows read (and their contacts searched) per batch; the watermark moves per batch. */
export const MEMBERS_PER_BATCH = 100;
/** "Last written" records compared per step of the position and status check. */
const RECORDS_PER_STEP = 500;

export interface MemberSyncProgress {
  /** Members examined (incremental, member) or contacts compared (full). */
  done: number;
  /** An estimate; grows as the run finds more. */
  total: number;
  written: number;
  failed: number;
}

export interface MemberSyncOptions {
  /** Read everything, write nothing to Intercom, save no place. */
  dryRun?: boolean;
  /**
   * Aborted: no further member is started; the members in hand (at most
   * MEMBER_SYNC_CONCURRENCY) are finished, and no place is saved past them.
   */
  signal?: AbortSignal;
  onProgress?: (progress: MemberSyncProgress) => void;
}

const isLookupStatus = (member: Member): boolean => LOOKUP_STATUSES.includes(member.status);

/** One run in progress: what it reports, how it was asked, and its slots (one per member in hand). */
interface Run {
  report: MemberSyncReport;
  options: MemberSyncOptions;
  dryRun: boolean;
  slots: WorkSlots;
  /** Progress counts contacts compared (the full run), else members examined. */
  progressByContacts: boolean;
  progressTotal: number;
}

/** Members to bring up to date, with what was read for them. */
interface MemberBatch {
  members: readonly Member[];
  /** Member number → the contacts carrying it. */
  contacts: Map<string, IntercomContact[]>;
  /** Member number → current position titles. */
  titles: Map<string, string[]>;
  /** Adopt a member's USER by email when no contact carries its number. */
  adopt: boolean;
}

/** How a batch's members ended. */
interface BatchOutcome {
  /** Every member was started (no stop came first), and every one started has finished. */
  complete: boolean;
  members: number;
  failed: number;
  lastError: string;
}

/** A page of the full run, read ahead of its writes. */
interface FullPage {
  nextCursor: string | null;
  totalCount: number;
  batch: MemberBatch;
}

/**
 * docs/reference.md, "Member data stays current": keeps enriched contacts current. Every run takes the
 * sync's lock (one process at a time, whatever the number of instances) and
 * queues its Intercom calls behind webhook work (withBatchPriority).
 *
 *  - incremental: members whose row changed since the watermark (with an
 *    overlap), then members whose section 5 attributes, computed now, differ
 *    from those last written by any path (positions starting or ending today,
 *    Supabase rows changed, a status that left Active/Retired);
 *  - full: every contact carrying a `member_number`, page by page (resumable);
 *  - member: one member, on demand.
 * A contact is written only where it differs (diffContact): one already right
 * costs no call. Email and name are never written. Up to MEMBER_SYNC_CONCURRENCY
 * members are worked on at once (one call each in flight), so that the run keeps
 * the rate limiter busy whatever Intercom's latency; the limiter sets the pace.
 */
@Injectable()
export class MemberSyncService {
  private readonly logger = new Logger(MemberSyncService.name);
  private readonly finder: MemberContactsFinder;

  constructor(
    private readonly members: MemberRepository,
    private readonly positions: PositionsService,
    private readonly intercom: IntercomGateway,
    private readonly store: MemberSyncRepository,
    private readonly events: EventEmitter2,
    @Inject(memberSyncConfig.KEY) private readonly config: ConfigType<typeof memberSyncConfig>,
  ) {
    this.finder = new MemberContactsFinder(intercom);
  }

  /** Changed members since the last run. */
  runIncremental(options: MemberSyncOptions = {}): Promise<MemberSyncReport> {
    return this.locked('incremental', options, (run) => this.incremental(run));
  }

  /** Every contact that carries a member_number (`refresh --all`, and daily). */
  runFull(options: MemberSyncOptions = {}): Promise<MemberSyncReport> {
    return this.locked('full', options, (run) => this.full(run));
  }

  /** One member now, adopting its USER by email when no contact carries its number. */
  runMember(memberNumber: string, options: MemberSyncOptions = {}): Promise<MemberSyncReport> {
    return this.locked('member', options, async (run) => {
      const [member] = await this.members.findByNumbers([memberNumber]);
      if (member) await this.syncMembers([member], run, { adopt: true });
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
        await this.unlocked('incremental', { signal }, (run) => this.incremental(run)),
      ];
      const state = await this.store.readState();
      const now = Date.now();
      if (state.fullStartedMs === null) {
        // A fresh database: the first full run waits for the next MEMBER_SYNC_FULL_AT.
        await this.store.saveFullProgress({ cursor: null, startedMs: now });
      } else if (!signal.aborted && fullRunDue(now, fullAtMinutes, state)) {
        reports.push(await this.unlocked('full', { signal }, (run) => this.full(run)));
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
    this.finished(report, report.end === 'interrupted' ? 'interrupted' : 'completed', started);
    return report;
  }

  private finished(
    report: MemberSyncReport,
    outcome: 'completed' | 'interrupted' | 'failed',
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
    };
    if (outcome === 'failed') this.logger.error(entry);
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

  private async incremental(run: Run): Promise<void> {
    const { dryRun, options } = run;
    const state = await this.store.readState();
    let watermark = state.watermark;
    if (watermark === null) {
      // The first run starts at the newest row: what changed before is the full run's.
      watermark = {
        updatedAt: (await this.members.latestUpdate()) ?? new Date(0),
        memberNumber: '',
      };
      if (!dryRun) await this.store.saveWatermark(watermark);
    }

    // (a) Rows whose updated_at moved, in keyset batches; the watermark moves after each,
    // once every member of the batch is done.
    const done = new Set<string>();
    let after = walkStart(watermark);
    for (;;) {
      if (options.signal?.aborted) return;
      const batch = await this.members.changedSince(after, MEMBERS_PER_BATCH);
      if (batch.length === 0) break;
      const members = batch.map((change) => change.member);
      if (!(await this.syncMembers(members, run, { adopt: true }))) return;
      for (const member of members) done.add(member.memberNumber);
      after = batch[batch.length - 1].key;
      watermark = laterKey(watermark, after);
      if (!dryRun) await this.store.saveWatermark(watermark);
      if (batch.length < MEMBERS_PER_BATCH) break;
    }

    // (b), (c) Members whose attributes computed now differ from those last written.
    let afterNumber = '';
    for (;;) {
      if (options.signal?.aborted) return;
      const records = await this.store.writtenAfter(afterNumber, RECORDS_PER_STEP);
      if (records.length === 0) break;
      afterNumber = records[records.length - 1].memberNumber;
      const pending = records.filter((record) => !done.has(record.memberNumber));
      const found = await this.members.findByNumbers(pending.map((r) => r.memberNumber));
      const titles = await this.positions.currentTitlesOf(
        found.filter(isLookupStatus).map((member) => member.memberNumber),
      );
      const hashes = new Map(
        found.map((member) => [
          member.memberNumber,
          attributesHash(memberContactChanges(member, titles.get(member.memberNumber) ?? [])),
        ]),
      );
      const stale = new Set(staleMembers(pending, hashes));
      // No member row any more: nothing to keep current (its contacts are left as they are).
      const gone = [...stale].filter((memberNumber) => !hashes.has(memberNumber));
      if (!dryRun) await this.store.forget(gone);
      const due = found.filter((member) => stale.has(member.memberNumber));
      if (due.length > 0) {
        if (!(await this.syncMembers(due, run, { adopt: false, titles }))) return;
      }
      if (records.length < RECORDS_PER_STEP) break;
    }
    if (!dryRun && !options.signal?.aborted) await this.store.markIncrementalSuccess(Date.now());
  }

  /**
   * Every contact carrying a member number, page by page, as a pipeline: the next
   * page is searched (and its members read) while this page's members are written,
   * and a page's members start as soon as a slot frees, before the previous page's
   * last writes have answered. The cursor of a page is saved only once that page and
   * every page before it are done, so a crash or a stop redoes at most the pages not
   * saved, where each contact already written compares equal and costs no write.
   */
  private async full(run: Run): Promise<void> {
    const { dryRun, options } = run;
    run.progressByContacts = true;
    const state = await this.store.readState();
    let cursor = dryRun ? null : state.fullCursor;
    if (!dryRun && cursor === null)
      await this.store.saveFullProgress({ cursor: null, startedMs: Date.now() });

    let fetching = settled(this.fullPage(cursor));
    if (cursor !== null) {
      try {
        await fetching;
      } catch (error) {
        // Intercom's cursors are opaque and may expire: a refused saved one means start over.
        if (!(error instanceof IntercomRequestError)) throw error;
        this.logger.warn({ msg: 'Saved full-sync cursor refused by Intercom; starting over' });
        cursor = null;
        fetching = settled(this.fullPage(null));
      }
    }

    /** Why no further member may start: a page could not be read, or all its members failed. */
    let halt: { error: unknown } | undefined;
    const halted = () => halt !== undefined;
    /** The cursor saves, one page after another, each once its page is done. */
    let saved: Promise<void> = Promise.resolve();
    let lastPageDone = false;
    for (;;) {
      if (options.signal?.aborted || halted()) break;
      let page: FullPage;
      try {
        page = await fetching;
      } catch (error) {
        halt ??= { error };
        break;
      }
      const next = page.nextCursor !== null && page.nextCursor !== cursor ? page.nextCursor : null;
      // Read ahead: the next search goes out while this page's writes do.
      if (next !== null) fetching = settled(this.fullPage(next));
      run.progressTotal = Math.max(run.progressTotal, page.totalCount);
      const { done } = await this.startBatch(page.batch, run, halted);
      saved = saved.then(async () => {
        const outcome = await done;
        if (halted()) return;
        try {
          if (!this.verdict(outcome)) return;
          if (next === null) lastPageDone = true;
          else if (!dryRun) await this.store.saveFullProgress({ cursor: next });
        } catch (error) {
          halt ??= { error };
        }
      });
      if (next === null) break;
      cursor = next;
    }
    // Members in flight finish (or fail, counted) before the run ends or reports its error.
    await saved;
    await fetching.catch(() => undefined);
    if (halt) throw halt.error;
    if (lastPageDone && !dryRun) await this.store.markFullSuccess(Date.now());
  }

  /** One page of the full run: its contacts by member number, their members and positions. */
  private async fullPage(cursor: string | null): Promise<FullPage> {
    const page = await this.intercom.searchContacts(ENRICHED_CONTACTS_QUERY, {
      perPage: SEARCH_PAGE_SIZE,
      cursor,
    });
    const byMember = new Map<string, IntercomContact[]>();
    for (const contact of page.contacts) {
      const memberNumber = carriedMemberNumber(contact);
      if (memberNumber === undefined) continue;
      byMember.set(memberNumber, [...(byMember.get(memberNumber) ?? []), contact]);
    }
    const found = await this.members.findByNumbers([...byMember.keys()]);
    const titles =
      found.length === 0
        ? new Map<string, string[]>()
        : await this.positions.currentTitlesOf(
            found.filter(isLookupStatus).map((member) => member.memberNumber),
          );
    return {
      nextCursor: page.nextCursor,
      totalCount: page.totalCount,
      batch: { members: found, contacts: byMember, titles, adopt: false },
    };
  }

  /**
   * Brings the contacts of these members up to date, MEMBER_SYNC_CONCURRENCY
   * members at once. Contacts are found by member number, and with `adopt` a
   * member's USER by email when none carries the number. False when the signal
   * stopped it before every member had started (those started are finished).
   *
   * @throws MemberSyncStoppedError when every member of the batch failed.
   */
  private async syncMembers(
    members: readonly Member[],
    run: Run,
    how: { adopt: boolean; titles?: Map<string, string[]> },
  ): Promise<boolean> {
    if (members.length === 0) return true;
    const titles =
      how.titles ??
      (await this.positions.currentTitlesOf(
        members.filter(isLookupStatus).map((member) => member.memberNumber),
      ));
    const contacts = await this.finder.carrying(members.map((member) => member.memberNumber));
    const { done } = await this.startBatch(
      { members, contacts, titles, adopt: how.adopt },
      run,
      () => false,
    );
    return this.verdict(await done);
  }

  /**
   * False when the batch was cut short by a stop.
   *
   * @throws MemberSyncStoppedError when every member of the batch failed: the cause is
   * not the members, and neither watermark nor cursor may move past them.
   */
  private verdict(outcome: BatchOutcome): boolean {
    if (!outcome.complete) return false;
    if (outcome.members > 1 && outcome.failed === outcome.members) {
      throw new MemberSyncStoppedError(outcome.lastError);
    }
    return true;
  }

  /**
   * Starts each member's work as soon as one of the run's slots is free; resolves
   * once every member has started, or a stop (the signal, or `halted`) came first.
   * `done` resolves when every member started has finished.
   */
  private async startBatch(
    batch: MemberBatch,
    run: Run,
    halted: () => boolean,
  ): Promise<{ done: Promise<BatchOutcome> }> {
    const outcome: BatchOutcome = {
      complete: true,
      members: batch.members.length,
      failed: 0,
      lastError: '',
    };
    const stopped = () => run.options.signal?.aborted === true || halted();
    const started: Array<Promise<void>> = [];
    for (const member of batch.members) {
      if (!stopped()) {
        await run.slots.acquire();
        if (!stopped()) {
          started.push(
            this.syncMember(member, batch, run)
              .then((error) => {
                if (error === undefined) return;
                outcome.failed += 1;
                outcome.lastError = error;
              })
              .finally(() => run.slots.release()),
          );
          continue;
        }
        run.slots.release();
      }
      outcome.complete = false;
      break;
    }
    return { done: Promise.all(started).then(() => outcome) };
  }

  /**
   * One member: its contacts compared and written where they differ, one call at a
   * time, then what they carry recorded (only once Intercom accepted every write).
   * Never rejects: a failure is counted, logged, and returned (described).
   */
  private async syncMember(
    member: Member,
    batch: MemberBatch,
    run: Run,
  ): Promise<string | undefined> {
    const { report, dryRun } = run;
    report.membersExamined += 1;
    let own = batch.contacts.get(member.memberNumber) ?? [];
    try {
      if (own.length === 0 && batch.adopt && member.email && isLookupStatus(member)) {
        own = await this.finder.usersToAdopt(member.email);
      }
      if (own.length === 0) {
        // No contact to keep current: no record, so the check of (b) and (c) skips the member.
        if (!dryRun) await this.store.forget([member.memberNumber]);
        return undefined;
      }
      const changes = memberContactChanges(member, batch.titles.get(member.memberNumber) ?? []);
      for (const contact of own) {
        report.contactsCompared += 1;
        const diff = diffContact(contact, changes);
        if (diff.length === 0) continue;
        if (!dryRun) {
          try {
            await this.intercom.updateContact(contact.id, changes);
          } catch (error) {
            // Merged or archived meanwhile: nothing left to keep current there.
            if (error instanceof IntercomNotFoundError) continue;
            throw error;
          }
        }
        countWrite(report, diff);
      }
      if (!dryRun) await this.store.recordWritten(member.memberNumber, attributesHash(changes));
      return undefined;
    } catch (error) {
      const described = describeError(error);
      countFailure(report, member.memberNumber, described);
      this.logger.warn({
        msg: 'Member sync could not bring a member’s contacts up to date',
        member_number: member.memberNumber,
        error: described,
      });
      // Due again at the next run: no hash equals this one.
      if (!dryRun) {
        await this.store.recordWritten(member.memberNumber, RETRY_HASH).catch(() => undefined);
      }
      return described;
    } finally {
      const done = run.progressByContacts ? report.contactsCompared : report.membersExamined;
      run.options.onProgress?.({
        done,
        total: Math.max(run.progressTotal, done),
        written: report.contactsWritten,
        failed: report.failed,
      });
    }
  }
}

/** A promise whose rejection is handled now (it is awaited later, or never). */
function settled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
