import { ApiProperty, type ApiResponseOptions } from '@nestjs/swagger';

/** The body of every error the service answers. */
export class ErrorResponseDto {
  @ApiProperty({ example: 'Email address is required' })
  error!: string;
}

/**
 * The 4xx every route can answer, documented on the routes that have no other:
 * the body parsers run ahead of every route, so a body sent with any request
 * is read, and refused when it cannot be.
 */
export const UNREADABLE_BODY_RESPONSE: ApiResponseOptions = {
  status: '4XX',
  description:
    'A body sent with the request could not be read: not valid JSON (400), over 1 MB (413), ' +
    'or in an unsupported encoding or charset (415).',
  type: ErrorResponseDto,
  example: { error: 'Malformed JSON body' },
};
