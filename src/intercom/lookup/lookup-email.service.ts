import { Injectable, Logger } from '@nestjs/common';
import { MemberRepository } from '../../members';
import { PositionsService } from '../../positions';
import type { LookupEmailResponse } from './dto/lookup-email-response.dto';

/**
 * docs/reference.md, "HTTP API": a lookup answers within 10 s at most, failures included. The
 * positions read fits its retries (a `Retry-After` from Supabase) into what is left of it.
 */
export const LOOKUP_DEADLINE_MS = 10_000;

/** The member behind an email address, with current positions, for workflows and staff. */
@Injectable()
export class LookupEmailService {
  private readonly logger = new Logger(LookupEmailService.name);

  constructor(
    private readonly members: MemberRepository,
    private readonly positions: PositionsService,
  ) {}

  async lookup(email: string): Promise<LookupEmailResponse> {
    // No email in the log (personal data), and debug only: lookups are counted by result in
    // natca_lookup_requests_total, and each refusal or failure is logged where it is answered.
    const deadline = Date.now() + LOOKUP_DEADLINE_MS;
    try {
      const member = await this.members.findByEmail(email);
      if (!member) {
        this.logger.debug({ msg: 'Member lookup', result: 'not_found' });
        return { found: false };
      }
      const positions = await this.positions.currentTitles(
        member.memberNumber,
        new Date(),
        deadline,
      );
      this.logger.debug({ msg: 'Member lookup', result: 'found' });
      return {
        found: true,
        member_number: member.memberNumber,
        firstname: member.firstName,
        lastname: member.lastName,
        email: member.email,
        phone: member.phone,
        region: member.region,
        facility: member.facility,
        positions,
      };
    } catch (error) {
      this.logger.error({
        msg: 'Intercom email lookup failed',
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }
}
