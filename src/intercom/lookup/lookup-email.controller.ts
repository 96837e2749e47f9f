import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { LookupApiKeyGuard } from '../../common/auth/api-key.guard';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { RequireJsonGuard } from '../../common/http/require-json.guard';
import { emitIntercomEvent, LookupCompletedEvent } from '../events';
import {
  MemberFoundResponseDto,
  MemberNotFoundResponseDto,
  type LookupEmailResponse,
} from './dto/lookup-email-response.dto';
import { LookupEmailDto } from './dto/lookup-email.dto';
import { LookupEmailPipe } from './lookup-email.pipe';
import { LookupEmailService } from './lookup-email.service';
import { LookupRefusalFilter } from './lookup-refusal.filter';

/** The lookup route, under the global prefix `api`. */
export const LOOKUP_ROUTE = 'intercom/lookup-email';

@ApiTags('lookup')
@ApiBearerAuth('bearer')
@ApiSecurity('api-key')
@ApiExtraModels(MemberFoundResponseDto, MemberNotFoundResponseDto)
/**
 * The member lookup, through Nest's pipeline: the per-caller throttle
 * (@nestjs/throttler's ThrottlerGuard, lookupThrottlerOptions: 429) runs
 * before the key check (LookupApiKeyGuard: 401), then the JSON check
 * (RequireJsonGuard: 415), the body's rule (LookupEmailPipe, the rule
 * LookupEmailDto documents: 400), then LookupEmailService. Refusals are answered by
 * LookupRefusalFilter, which is the global filter plus a log line and the
 * `invalid` count. Each answered lookup emits LookupCompletedEvent (metrics).
 */
@Controller()
@UseGuards(ThrottlerGuard, LookupApiKeyGuard, RequireJsonGuard)
@UseFilters(LookupRefusalFilter)
export class LookupEmailController {
  constructor(
    private readonly lookupService: LookupEmailService,
    private readonly events: EventEmitter2,
  ) {}

  @Post(LOOKUP_ROUTE)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Look up a member by email',
    description:
      'Finds the Active or Retired member whose email matches (trimmed, ignoring letter case) ' +
      'and returns their details and current union positions.',
  })
  @ApiBody({
    type: LookupEmailDto,
    examples: { member: { value: { email: 'john.doe@example.com' } } },
  })
  @ApiResponse({
    status: 200,
    description: 'Looked up: `found` tells whether a member matched.',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(MemberFoundResponseDto) },
        { $ref: getSchemaPath(MemberNotFoundResponseDto) },
      ],
    },
    examples: {
      found: {
        summary: 'Member found',
        value: {
          found: true,
          member_number: '12345',
          firstname: 'John',
          lastname: 'Doe',
          email: 'john.doe@example.com',
          phone: '(765) 465-7031',
          region: 'GL',
          facility: 'ZAU',
          positions: ['Facility President', 'Area Representative'],
        },
      },
      notFound: { summary: 'No member', value: { found: false } },
    },
  })
  @ApiResponse({
    status: 400,
    description:
      'Missing, empty or invalid email (text that is not well-formed Unicode, such as a lone ' +
      'surrogate, is invalid), or a body that is not a JSON object.',
    type: ErrorResponseDto,
    examples: {
      missing: { summary: 'Missing email', value: { error: 'Email address is required' } },
      invalid: { summary: 'Not an email address', value: { error: 'Invalid email address' } },
    },
  })
  @ApiResponse({
    status: 401,
    description: 'No or unknown API key.',
    type: ErrorResponseDto,
    example: { error: 'Unauthorized' },
  })
  @ApiResponse({
    status: 413,
    description: 'Body over the size limit.',
    type: ErrorResponseDto,
    example: { error: 'Payload too large' },
  })
  @ApiResponse({
    status: 415,
    description: 'Body not sent as application/json.',
    type: ErrorResponseDto,
    example: { error: 'Content-Type must be application/json' },
  })
  @ApiResponse({
    status: 429,
    description:
      'Over LOOKUP_RATE_LIMIT requests per LOOKUP_RATE_WINDOW_MS for this caller; ' +
      '`Retry-After` gives the seconds to wait before trying again.',
    headers: {
      'Retry-After': {
        description: 'Seconds until this caller may send a lookup again.',
        schema: { type: 'integer', example: 42 },
      },
    },
    type: ErrorResponseDto,
    example: { error: 'Too many requests' },
  })
  @ApiResponse({
    status: 500,
    description: 'Member database or Supabase failed or did not answer in time.',
    type: ErrorResponseDto,
    example: { error: 'Internal server error' },
  })
  async lookupEmail(@Body(LookupEmailPipe) email: string): Promise<LookupEmailResponse> {
    let answer: LookupEmailResponse;
    try {
      answer = await this.lookupService.lookup(email);
    } catch (error) {
      emitIntercomEvent(this.events, new LookupCompletedEvent('error'));
      throw error;
    }
    emitIntercomEvent(this.events, new LookupCompletedEvent(answer.found ? 'found' : 'not_found'));
    return answer;
  }
}
