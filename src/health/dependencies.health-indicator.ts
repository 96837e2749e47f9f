import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { IntercomAuthorization } from '../intercom/gateway/intercom-authorization';
import { MemberRepository } from '../members/member.repository';
import { PositionsRepository } from '../positions/positions.repository';

/**
 * Readiness of the two data sources, through their ports (never their drivers), and of
 * Intercom's authorization: down while Intercom refuses the token and all its work is paused.
 */
@Injectable()
export class DependenciesHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly members: MemberRepository,
    private readonly positions: PositionsRepository,
    private readonly authorization: IntercomAuthorization,
  ) {}

  /**
   * Reads the switch, sends nothing: `down` with `reason` `unauthorized` (401) or `forbidden`
   * (403) and the pause's start while Intercom refuses the token (intercom-authorization.ts).
   */
  intercom(): HealthIndicatorResult {
    const check = this.indicator.check('intercom');
    const refusal = this.authorization.refusal;
    if (refusal === null) return check.up();
    return check.down({
      reason: refusal.status === 401 ? 'unauthorized' : 'forbidden',
      message: `Intercom refused the access token (HTTP ${refusal.status}); Intercom work paused`,
      paused_since: new Date(refusal.sinceMs).toISOString(),
    });
  }

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
