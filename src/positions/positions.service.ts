import { Injectable } from '@nestjs/common';
import { utcDate } from '../common/time/utc-date';
import { currentTitles } from './current-titles';
import { PositionsRepository } from './positions.repository';

/** A member's current union positions, as the titles Intercom and callers show. */
@Injectable()
export class PositionsService {
  constructor(private readonly positions: PositionsRepository) {}

  async currentTitles(memberNumber: string, now: Date = new Date()): Promise<string[]> {
    return currentTitles(await this.positions.findCurrent(memberNumber, utcDate(now)));
  }
}
