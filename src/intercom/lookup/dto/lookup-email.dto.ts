import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ErrorCode } from '../../../common/errors/error-code.enum';
import { IsWellFormedEmail } from '../../../common/validation/is-well-formed-email';

export class LookupEmailDto {
  // Explicit, as every DTO property: the OpenAPI document comes from these decorators alone.
  @ApiProperty({
    description: 'The address to look up. Compared trimmed and ignoring letter case.',
    example: 'john.doe@example.com',
    format: 'email',
    maxLength: 254,
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsDefined({ message: ErrorCode.EmailRequired })
  @IsNotEmpty({ message: ErrorCode.EmailRequired })
  @IsString({ message: ErrorCode.InvalidEmail })
  @MaxLength(254, { message: ErrorCode.InvalidEmail })
  // Not IsEmail: text that is not well-formed Unicode must be "Invalid email address", not a 500.
  @IsWellFormedEmail(
    { allow_utf8_local_part: true, allow_ip_domain: false },
    { message: ErrorCode.InvalidEmail },
  )
  email!: string;
}
