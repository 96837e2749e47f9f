import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { intercomConfig } from '../common/config/intercom.config';
import { supabaseConfig } from '../common/config/supabase.config';
import { IntercomAuthorization } from '../intercom/gateway';
import { MemberRepository } from '../members';
import { PositionsRepository } from '../positions';
import { unavailableReason } from './unavailable-reason';

/** A dependency left unconfigured: a documented mode (development only), not a failure. */
const NOT_CONFIGURED = 'not configured';

/**
 * Readiness, one entry per dependency: the two data sources, through their ports (never their
 * drivers), and Intercom's authorization (down while Intercom refuses the token and all its
 * work is paused). An entry is `{status: 'up'}`, `{status: 'down', message}` (why, in words
 * that name no host, SQL or secret), or for a dependency that is not configured
 * `{status: 'up', state: 'not configured', message}`.
 */
@Injectable()
export class DependenciesHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly members: MemberRepository,
    private readonly positions: PositionsRepository,
    private readonly authorization: IntercomAuthorization,
    @Inject(supabaseConfig.KEY)
    private readonly supabaseSettings: ConfigType<typeof supabaseConfig>,
    @Inject(intercomConfig.KEY)
    private readonly intercomSettings: ConfigType<typeof intercomConfig>,
  ) {}

  /**
   * Reads the switch, sends nothing: `down` with `reason` `unauthorized` (401) or `forbidden`
   * (403) and the pause's start while Intercom refuses the token (intercom-authorization.ts).
   */
  intercom(): HealthIndicatorResult {
    const check = this.indicator.check('intercom');
    if (!this.intercomSettings.accessToken) {
      return check.up({
        state: NOT_CONFIGURED,
        message: 'INTERCOM_ACCESS_TOKEN is not set: Intercom dry run',
      });
    }
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
    if (!this.supabaseSettings.url) {
      return Promise.resolve(
        this.indicator.check('supabase').up({
          state: NOT_CONFIGURED,
          message: 'SUPABASE_URL is not set: positions are empty',
        }),
      );
    }
    return this.probe('supabase', () => this.positions.ping());
  }

  private async probe(key: string, ping: () => Promise<void>): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    try {
      await ping();
      return check.up();
    } catch (error) {
      return check.down({ message: unavailableReason(error) });
    }
  }
}
