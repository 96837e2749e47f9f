import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { ContactSearchWalkedEvent } from '../intercom/events';
import { METRIC } from './metric-names';

/** The walks a series exists for from the start (a bounded set: the emitters' names). */
const WALKS = [
  'full_reconciliation',
  'full_reconciliation_reread',
  'member_numbers',
  'backfill',
  'backfill_sweep',
] as const;

/** Walks over Intercom's search: how they ended and what the search repeated (docs/operations.md). */
@Injectable()
export class SearchWalkMetricsListener implements OnModuleInit {
  constructor(
    @InjectMetric(METRIC.intercomSearchWalks) private readonly walks: Counter<string>,
    @InjectMetric(METRIC.intercomSearchRepeats) private readonly repeats: Counter<string>,
  ) {}

  /** Every series exists from the start, at 0, so `increase()` sees the first change. */
  onModuleInit(): void {
    for (const walk of WALKS) {
      this.walks.inc({ walk, outcome: 'complete' }, 0);
      this.walks.inc({ walk, outcome: 'incomplete' }, 0);
      this.repeats.inc({ walk, what: 'page' }, 0);
      this.repeats.inc({ walk, what: 'contact' }, 0);
    }
  }

  @OnEvent(ContactSearchWalkedEvent.name)
  onWalked(event: ContactSearchWalkedEvent): void {
    const walk = (WALKS as readonly string[]).includes(event.walk) ? event.walk : 'other';
    this.walks.inc({ walk, outcome: event.complete ? 'complete' : 'incomplete' });
    if (event.repeatedPages > 0) this.repeats.inc({ walk, what: 'page' }, event.repeatedPages);
    if (event.repeatedContacts > 0) {
      this.repeats.inc({ walk, what: 'contact' }, event.repeatedContacts);
    }
  }
}
