import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { MemberSyncRunFinishedEvent, MemberSyncStatusEvent } from '../member-sync';
import { SYNC_ATTRIBUTE_LABELS, syncAttributeLabel } from './metric-labels';
import { METRIC } from './metric-names';

const KINDS = ['incremental', 'full', 'member'] as const;

/** The member sync's counters, and the time of its last successful runs. */
@Injectable()
export class MemberSyncMetricsListener implements OnModuleInit {
  constructor(
    @InjectMetric(METRIC.memberSyncRuns) private readonly runs: Counter<string>,
    @InjectMetric(METRIC.memberSyncMembersExamined) private readonly members: Counter<string>,
    @InjectMetric(METRIC.memberSyncContactsCompared) private readonly contacts: Counter<string>,
    @InjectMetric(METRIC.memberSyncAttributesWritten) private readonly written: Counter<string>,
    @InjectMetric(METRIC.memberSyncFailures) private readonly failures: Counter<string>,
    @InjectMetric(METRIC.memberSyncLastSuccess) private readonly lastSuccess: Gauge<string>,
  ) {}

  /** Every series exists from the start, at 0, so `increase()` sees the first change. */
  onModuleInit(): void {
    for (const kind of KINDS) {
      this.members.inc({ kind }, 0);
      this.contacts.inc({ kind }, 0);
      this.failures.inc({ kind }, 0);
    }
    // A full run that could not see every contact (alert on its increase).
    this.runs.inc({ kind: 'full', outcome: 'incomplete' }, 0);
    for (const attribute of SYNC_ATTRIBUTE_LABELS) this.written.inc({ attribute }, 0);
    this.lastSuccess.set({ kind: 'incremental' }, 0);
    this.lastSuccess.set({ kind: 'full' }, 0);
  }

  @OnEvent(MemberSyncRunFinishedEvent.name)
  onRunFinished(event: MemberSyncRunFinishedEvent): void {
    this.runs.inc({ kind: event.kind, outcome: event.outcome });
    this.members.inc({ kind: event.kind }, event.membersExamined);
    this.contacts.inc({ kind: event.kind }, event.contactsCompared);
    this.failures.inc({ kind: event.kind }, event.failed);
    for (const [attribute, count] of Object.entries(event.writtenByAttribute)) {
      this.written.inc({ attribute: syncAttributeLabel(attribute) }, count);
    }
  }

  @OnEvent(MemberSyncStatusEvent.name)
  onStatus(event: MemberSyncStatusEvent): void {
    if (event.incrementalSuccessMs !== null) {
      this.lastSuccess.set({ kind: 'incremental' }, event.incrementalSuccessMs / 1000);
    }
    if (event.fullSuccessMs !== null) {
      this.lastSuccess.set({ kind: 'full' }, event.fullSuccessMs / 1000);
    }
  }
}
