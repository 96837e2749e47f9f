import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
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
  /** Aborted: the member in hand is finished, no further batch is started. */
  signal?: AbortSignal;
  onProgress?: (progress: MemberSyncProgress) => void;
}

const isLookupStatus = (member: Member): boolean => LOOKUP_STATUSES.includes(member.status);

/**
 * CONTRACT section 11: keeps enriched contacts current. Every run takes the
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
 * costs no call. Email and name are never written.
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
  ) {
    this.finder = new MemberContactsFinder(intercom);
  }

  /** Changed members since the last run. */
  runIncremental(options: MemberSyncOptions = {}): Promise<MemberSyncReport> {
    return this.locked('incremental', options, (report) => this.incremental(report, options));
  }

  /** Every contact that carries a member_number (`refresh --all`, and daily). */
  runFull(options: MemberSyncOptions = {}): Promise<MemberSyncReport> {
    return this.locked('full', options, (report) => this.full(report, options));
  }

  /** One member now, adopting its USER by email when no contact carries its number. */
  runMember(memberNumber: string, options: MemberSyncOptions = {}): Promise<MemberSyncReport> {
    return this.locked('member', options, async (report) => {
      const [member] = await this.members.findByNumbers([memberNumber]);
      if (member) await this.syncMembers([member], report, options, { adopt: true });
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
        await this.unlocked('incremental', { signal }, (r) => this.incremental(r, { signal })),
      ];
      const state = await this.store.readState();
      const now = Date.now();
      if (state.fullStartedMs === null) {
        // A fresh database: the first full run waits for the next MEMBER_SYNC_FULL_AT.
        await this.store.saveFullProgress({ cursor: null, startedMs: now });
      } else if (!signal.aborted && fullRunDue(now, fullAtMinutes, state)) {
        reports.push(await this.unlocked('full', { signal }, (r) => this.full(r, { signal })));
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
    work: (report: MemberSyncReport) => Promise<void>,
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
    work: (report: MemberSyncReport) => Promise<void>,
  ): Promise<MemberSyncReport> {
    const report = emptyReport(kind, options.dryRun === true);
    const started = Date.now();
    // With the end line, shows when this process held the sync (one at a time across instances).
    this.logger.debug({ msg: `Member sync ${kind} run started`, dry_run: report.dryRun });
    try {
      await withBatchPriority(() => work(report));
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

  private async incremental(report: MemberSyncReport, options: MemberSyncOptions): Promise<void> {
    const dryRun = options.dryRun === true;
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

    // (a) Rows whose updated_at moved, in keyset batches; the watermark moves after each.
    const done = new Set<string>();
    let after = walkStart(watermark);
    for (;;) {
      if (options.signal?.aborted) return;
      const batch = await this.members.changedSince(after, MEMBERS_PER_BATCH);
      if (batch.length === 0) break;
      const members = batch.map((change) => change.member);
      if (!(await this.syncMembers(members, report, options, { adopt: true }))) return;
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
        if (!(await this.syncMembers(due, report, options, { adopt: false, titles }))) return;
      }
      if (records.length < RECORDS_PER_STEP) break;
    }
    if (!dryRun && !options.signal?.aborted) await this.store.markIncrementalSuccess(Date.now());
  }

  private async full(report: MemberSyncReport, options: MemberSyncOptions): Promise<void> {
    const dryRun = options.dryRun === true;
    const state = await this.store.readState();
    let cursor = dryRun ? null : state.fullCursor;
    let resumed = cursor !== null;
    if (!dryRun && !resumed)
      await this.store.saveFullProgress({ cursor: null, startedMs: Date.now() });
    let total = 0;
    for (;;) {
      if (options.signal?.aborted) return;
      let page;
      try {
        page = await this.intercom.searchContacts(ENRICHED_CONTACTS_QUERY, {
          perPage: SEARCH_PAGE_SIZE,
          cursor,
        });
      } catch (error) {
        // Intercom's cursors are opaque and may expire: a refused saved one means start over.
        if (!resumed || !(error instanceof IntercomRequestError)) throw error;
        this.logger.warn({ msg: 'Saved full-sync cursor refused by Intercom; starting over' });
        cursor = null;
        resumed = false;
        continue;
      }
      resumed = false;
      total = Math.max(total, report.contactsCompared + page.totalCount);

      const byMember = new Map<string, IntercomContact[]>();
      for (const contact of page.contacts) {
        const memberNumber = carriedMemberNumber(contact);
        if (memberNumber === undefined) continue;
        byMember.set(memberNumber, [...(byMember.get(memberNumber) ?? []), contact]);
      }
      const found = await this.members.findByNumbers([...byMember.keys()]);
      const synced = await this.syncMembers(found, report, options, {
        adopt: false,
        contacts: byMember,
        progressTotal: total,
      });
      if (!synced) return;

      const next = page.nextCursor !== null && page.nextCursor !== cursor ? page.nextCursor : null;
      if (next === null) break;
      if (!dryRun) await this.store.saveFullProgress({ cursor: next });
      cursor = next;
    }
    if (!dryRun) await this.store.markFullSuccess(Date.now());
  }

  /**
   * Brings the contacts of these members up to date. Contacts are found by
   * member number (unless given), and with `adopt` a member's USER by email
   * when none carries the number. False when the signal stopped it.
   *
   * @throws MemberSyncStoppedError when every member of the batch failed.
   */
  private async syncMembers(
    members: readonly Member[],
    report: MemberSyncReport,
    options: MemberSyncOptions,
    how: {
      adopt: boolean;
      titles?: Map<string, string[]>;
      contacts?: Map<string, IntercomContact[]>;
      progressTotal?: number;
    },
  ): Promise<boolean> {
    if (members.length === 0) return true;
    const dryRun = options.dryRun === true;
    const numbers = members.map((member) => member.memberNumber);
    const titles =
      how.titles ??
      (await this.positions.currentTitlesOf(
        members.filter(isLookupStatus).map((member) => member.memberNumber),
      ));
    const contacts = how.contacts ?? (await this.finder.carrying(numbers));
    let failedHere = 0;
    let lastError = '';

    for (const member of members) {
      if (options.signal?.aborted) return false;
      report.membersExamined += 1;
      let own = contacts.get(member.memberNumber) ?? [];
      try {
        if (own.length === 0 && how.adopt && member.email && isLookupStatus(member)) {
          own = await this.finder.usersToAdopt(member.email);
        }
        if (own.length === 0) {
          // No contact to keep current: no record, so the check of (b) and (c) skips the member.
          if (!dryRun) await this.store.forget([member.memberNumber]);
          continue;
        }
        const changes = memberContactChanges(member, titles.get(member.memberNumber) ?? []);
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
      } catch (error) {
        failedHere += 1;
        lastError = describeError(error);
        countFailure(report, member.memberNumber, lastError);
        this.logger.warn({
          msg: 'Member sync could not bring a member’s contacts up to date',
          member_number: member.memberNumber,
          error: lastError,
        });
        // Due again at the next run: no hash equals this one.
        if (!dryRun) {
          await this.store.recordWritten(member.memberNumber, RETRY_HASH).catch(() => undefined);
        }
      } finally {
        options.onProgress?.({
          done: how.contacts ? report.contactsCompared : report.membersExamined,
          total: Math.max(
            how.progressTotal ?? 0,
            how.contacts ? report.contactsCompared : report.membersExamined,
          ),
          written: report.contactsWritten,
          failed: report.failed,
        });
      }
    }
    if (members.length > 1 && failedHere === members.length) {
      throw new MemberSyncStoppedError(lastError);
    }
    return true;
  }
}
