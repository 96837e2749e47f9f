import { Injectable } from '@nestjs/common';
import { utcDate } from '../common/time/utc-date';
import { currentTitles } from './current-titles';
import { PositionsRepository } from './positions.repository';

/** A member's current union positions, as the titles Intercom and callers show. */
@Injectable()
export class PositionsService {
  constructor(private readonly positions: PositionsRepository) {}

  /** `deadline` (epoch ms): see PositionsRepository.findCurrent. */
  async currentTitles(
    memberNumber: string,
    now: Date = new Date(),
    deadline?: number,
  ): Promise<string[]> {
    return currentTitles(await this.positions.findCurrent(memberNumber, utcDate(now), deadline));
  }

  /** The titles of many members (docs/reference.md, "Data the service reads" each), read in pages: number → titles. */
  async currentTitlesOf(
    memberNumbers: readonly string[],
    now: Date = new Date(),
  ): Promise<Map<string, string[]>> {
    const titles = new Map<string, string[]>();
    if (memberNumbers.length === 0) return titles;
    const rows = await this.positions.findCurrentForMembers(memberNumbers, utcDate(now));
    for (const [memberNumber, records] of rows) titles.set(memberNumber, currentTitles(records));
    return titles;
  }
}
