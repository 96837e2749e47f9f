import { Logger } from '@nestjs/common';
import { diffContact, memberContactChanges } from '../intercom/enrichment';
import { IntercomNotFoundError } from '../intercom/gateway';
import type { IntercomGateway } from '../intercom/gateway';
import { describeError } from '../intercom/inbox';
import type { Member } from '../members';
import type { PositionsService } from '../positions';
import { attributesHash, RETRY_HASH } from './change-detection';
import type { MemberContactsFinder } from './member-contacts.finder';
import { countFailure, countWrite } from './member-sync-report';
import {
  isLookupStatus,
  reportProgress,
  type BatchOutcome,
  type MemberBatch,
  type Run,
} from './member-sync-run';
import { MemberSyncStoppedError } from './member-sync.errors';
import type { MemberSyncRepository } from './member-sync.repository';

/**
 * The member sync's writes (docs/reference.md, "Member data stays current"): members'
 * contacts compared with what the member database says and written where they differ,
 * up to MEMBER_SYNC_CONCURRENCY members at once (one slot of the run each), then what
 * they carry recorded. Every kind of run writes through it.
 */
export class MemberBatchWriter {
  private readonly logger = new Logger('MemberSyncService');

  constructor(
    private readonly positions: PositionsService,
    private readonly intercom: IntercomGateway,
    private readonly store: MemberSyncRepository,
    private readonly finder: MemberContactsFinder,
  ) {}

  /**
   * Brings the contacts of these members up to date, MEMBER_SYNC_CONCURRENCY
   * members at once. Contacts are found by member number, and with `adopt` a
   * member's USER by email when none carries the number. False when the signal
   * stopped it before every member had started (those started are finished).
   *
   * @throws MemberSyncStoppedError when every member of the batch failed.
   * @throws SearchWalkIncompleteError when the members' contacts could not all be found.
   */
  async syncMembers(
    members: readonly Member[],
    run: Run,
    how: { adopt: boolean; titles?: Map<string, string[]> },
  ): Promise<boolean> {
    if (members.length === 0) return true;
    const titles = how.titles ?? (await this.titlesOf(members));
    const contacts = await this.finder.carrying(members.map((member) => member.memberNumber));
    const { done } = await this.startBatch(
      { members, contacts, titles, adopt: how.adopt },
      run,
      () => false,
    );
    return this.verdict(await done);
  }

  /** Current position titles of the members that have any (Active or Retired ones). */
  titlesOf(members: readonly Member[]): Promise<Map<string, string[]>> {
    const numbers = members.filter(isLookupStatus).map((member) => member.memberNumber);
    if (numbers.length === 0) return Promise.resolve(new Map<string, string[]>());
    return this.positions.currentTitlesOf(numbers);
  }

  /**
   * False when the batch was cut short by a stop.
   *
   * @throws MemberSyncStoppedError when every member of the batch failed: the cause is
   * not the members, and neither watermark nor run may move past them.
   */
  verdict(outcome: BatchOutcome): boolean {
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
  async startBatch(
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
      reportProgress(run);
    }
  }
}
