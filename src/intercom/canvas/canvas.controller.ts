import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
  type ApiResponseOptions,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { RequireJsonGuard } from '../../common/http/require-json.guard';
import { CanvasSignatureGuard } from './canvas-signature.guard';
import { CanvasRequestDto } from './dto/canvas-request.dto';
import { CanvasResponseDto } from './dto/canvas-response.dto';
import { MemberCardService } from './member-card.service';

/** The routes Intercom's Canvas Kit calls, under the global prefix `api`. */
export const CANVAS_ROUTE = 'intercom/canvas';

const SIGNATURE_HEADER = ApiHeader({
  name: 'X-Body-Signature',
  required: false,
  description:
    'Hex HMAC-SHA256 of the raw body keyed with the client secret (INTERCOM_CLIENT_SECRET). ' +
    'Without a configured secret every request is refused 401, unless INTERCOM_WEBHOOK_UNSIGNED=allow (development only).',
});

const REFUSED: ApiResponseOptions[] = [
  {
    status: 400,
    description: 'Body is not a JSON object (or a field has the wrong type), or not valid JSON.',
    type: ErrorResponseDto,
    example: { error: 'Request body must be a JSON object' },
  },
  {
    status: 401,
    description: 'Missing or wrong signature, or no client secret configured; nothing was read.',
    type: ErrorResponseDto,
    example: { error: 'Invalid signature' },
  },
  {
    status: 413,
    description: 'Body over 1 MB.',
    type: ErrorResponseDto,
    example: { error: 'Payload too large' },
  },
  {
    status: 415,
    description: 'Body in an unsupported encoding or charset.',
    type: ErrorResponseDto,
    example: { error: 'Content-Type must be application/json' },
  },
];

function documented(...responses: ApiResponseOptions[]): MethodDecorator {
  return (target, key, descriptor) => {
    for (const response of [...responses, ...REFUSED])
      ApiResponse(response)(target, key, descriptor);
    SIGNATURE_HEADER(target, key, descriptor);
  };
}

/**
 * The member card, an Intercom Canvas Kit inbox app (docs/reference.md, "Member card"). Intercom
 * signs both calls (CanvasSignatureGuard); the answers are always a canvas, 200, even when
 * the member records are down.
 */
@ApiTags('member card')
@Controller(CANVAS_ROUTE)
// The signature first: an unsigned request learns nothing, not even that its body is not JSON.
@UseGuards(CanvasSignatureGuard, RequireJsonGuard)
export class CanvasController {
  constructor(private readonly card: MemberCardService) {}

  @Post('initialize')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Canvas Kit initialize: the member card beside a conversation',
    security: [],
    description:
      'Sent each time a teammate opens a conversation with the app pinned. Answers within 2 s: the member ' +
      "matched by the contact's member_number, else its email (table, up-to-date line, Sync member), or a " +
      'member number field; when MySQL or Supabase fail, a card saying member data are unavailable.',
  })
  @ApiBody({ type: CanvasRequestDto })
  @documented({
    status: 200,
    description: 'The card (always 200 once the signature holds).',
    type: CanvasResponseDto,
  })
  async initialize(@Body() body: CanvasRequestDto): Promise<CanvasResponseDto> {
    return { canvas: await this.card.initialize(body) };
  }

  @Post('submit')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Canvas Kit submit: "Sync member" and the card\'s other buttons',
    security: [],
    description:
      '`component_id` `sync` re-syncs the member (from `input_values.member_number`, else the member shown) ' +
      'with the viewed contact and notes it on the conversation; within about 8 s the card shows the outcome, ' +
      'else "Sync started" and the sync completes in the inbox. Any other component shows the card again.',
  })
  @ApiBody({ type: CanvasRequestDto })
  @documented({
    status: 200,
    description: 'The next card: done, refused number (input failed), or sync started.',
    type: CanvasResponseDto,
  })
  async submit(@Body() body: CanvasRequestDto): Promise<CanvasResponseDto> {
    return { canvas: await this.card.submit(body) };
  }
}
