import { memberContactChanges } from '../intercom/enrichment';
import type { MemberRepository } from '../members';
import type { PositionsService } from '../positions';
import { attributesHash, laterKey, staleMembers, walkStart } from './change-detection';
import type { MemberBatchWriter } from './member-batch.writer';
import { isLookupStatus, type Run } from './member-sync-run';
import type { MemberSyncRepository } from './member-sync.repository';

/** Changed member rows read (and their contacts searched) per batch; the watermark moves per batch. */
export const MEMBERS_PER_BATCH = 100;
/** "Last written" records compared per step of the position and status check. */
const RECORDS_PER_STEP = 500;

/**
 * The incremental run (docs/reference.md, "Member data stays current"): (a) members whose
 * row changed since the watermark (with an overlap), in keyset batches, the watermark saved
 * after each; then (b), (c) members whose section 5 attributes, computed now, differ from
 * those last written by any path (positions starting or ending today, Supabase rows
 * changed, a status that left Active/Retired).
 */
export class IncrementalSync {
  constructor(
    private readonly members: MemberRepository,
    private readonly positions: PositionsService,
    private readonly store: MemberSyncRepository,
    private readonly writer: MemberBatchWriter,
  ) {}

  async run(run: Run): Promise<void> {
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
      if (!(await this.writer.syncMembers(members, run, { adopt: true }))) return;
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
        if (!(await this.writer.syncMembers(due, run, { adopt: false, titles }))) return;
      }
      if (records.length < RECORDS_PER_STEP) break;
    }
    if (!dryRun && !options.signal?.aborted) await this.store.markIncrementalSuccess(Date.now());
  }
}
