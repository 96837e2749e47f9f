import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { MemberRepository } from '../members/member.repository';
import { PositionsRepository } from '../positions/positions.repository';

/** Readiness of the two data sources, through their ports (never their drivers). */
@Injectable()
export class DependenciesHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly members: MemberRepository,
    private readonly positions: PositionsRepository,
  ) {}

  mysql(): Promise<HealthIndicatorResult> {
    return this.probe('mysql', () => this.members.ping());
  }

  supabase(): Promise<HealthIndicatorResult> {
    return this.probe('supabase', () => this.positions.ping());
  }

  private async probe(key: string, ping: () => Promise<void>): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    try {
      await ping();
      return check.up();
    } catch (error) {
      // Only the error's name reaches the caller: messages may name hosts or SQL.
      return check.down({ message: error instanceof Error ? error.name : 'unavailable' });
    }
  }
}
