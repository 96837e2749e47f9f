import { ApiProperty } from '@nestjs/swagger';
import { LOOKUP_EMAIL_MAX_LENGTH } from '../lookup-email.input';

/**
 * The lookup's body, as documented. Validated by readLookupEmail
 * (lookup-email.input.ts), the one rule for every way the route is served.
 */
export class LookupEmailDto {
  // Explicit, as every DTO property: the OpenAPI document comes from these decorators alone.
  @ApiProperty({
    description: 'The address to look up. Compared trimmed and ignoring letter case.',
    example: 'john.doe@example.com',
    format: 'email',
    maxLength: LOOKUP_EMAIL_MAX_LENGTH,
  })
  email!: string;
}
