import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ErrorCode } from '../../../common/errors/error-code.enum';
import { IsWellFormedEmail } from '../../../common/validation/is-well-formed-email';
import { LOOKUP_EMAIL_MAX_LENGTH, LOOKUP_EMAIL_OPTIONS } from '../lookup-email.input';

/**
 * The lookup's body, as the OpenAPI document shows it. The route applies its
 * rule with LookupEmailPipe (readLookupEmail); these decorators state the same
 * rule for the global ValidationPipe (createValidationPipe: each message is an
 * ErrorCode, the first in the enum's order wins), and lookup-email-rule.spec.ts
 * checks that both agree: `email`, trimmed, present and non-empty (else EmailRequired,
 * 400 "Email address is required"), a string of at most 254 characters that
 * is a well-formed email address (else InvalidEmail, 400 "Invalid email
 * address"). A body that is not a JSON object is InvalidBody; other
 * properties are dropped.
 */
export class LookupEmailDto {
  // Explicit, as every DTO property: the OpenAPI document comes from these decorators alone.
  @ApiProperty({
    description: 'The address to look up. Compared trimmed and ignoring letter case.',
    example: 'john.doe@example.com',
    format: 'email',
    maxLength: LOOKUP_EMAIL_MAX_LENGTH,
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsDefined({ message: ErrorCode.EmailRequired })
  @IsNotEmpty({ message: ErrorCode.EmailRequired })
  @IsString({ message: ErrorCode.InvalidEmail })
  @MaxLength(LOOKUP_EMAIL_MAX_LENGTH, { message: ErrorCode.InvalidEmail })
  // Not IsEmail: text that is not well-formed Unicode must be "Invalid email address", not a 500.
  @IsWellFormedEmail(LOOKUP_EMAIL_OPTIONS, { message: ErrorCode.InvalidEmail })
  email!: string;
}
