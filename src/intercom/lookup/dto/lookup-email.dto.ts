import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ErrorCode } from '../../../common/errors/error-code.enum';

export class LookupEmailDto {
  // Explicit, so the schema is right where the Swagger build plugin does not run (ts-node, the sandbox).
  @ApiProperty({
    description: 'The address to look up. Compared trimmed and ignoring letter case.',
    example: 'john.doe@example.com',
    maxLength: 254,
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsDefined({ message: ErrorCode.EmailRequired })
  @IsNotEmpty({ message: ErrorCode.EmailRequired })
  @IsString({ message: ErrorCode.InvalidEmail })
  @MaxLength(254, { message: ErrorCode.InvalidEmail })
  @IsEmail(
    { allow_utf8_local_part: true, allow_ip_domain: false },
    { message: ErrorCode.InvalidEmail },
  )
  email!: string;
}
