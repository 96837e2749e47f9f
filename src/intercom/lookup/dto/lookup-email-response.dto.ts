import { ApiProperty } from '@nestjs/swagger';

export class MemberFoundResponseDto {
  @ApiProperty({ enum: [true], example: true })
  found!: true;

  /** @example 12345 */
  member_number!: string;

  /** @example John */
  firstname!: string;

  /** @example Doe */
  lastname!: string;

  /** As stored, trimmed. @example john.doe@example.com */
  @ApiProperty({ type: String, nullable: true, example: 'john.doe@example.com' })
  email!: string | null;

  /** As stored, trimmed. */
  @ApiProperty({ type: String, nullable: true, example: '(765) 465-7031' })
  phone!: string | null;

  /** Region code: the member's region, else its facility's region. */
  @ApiProperty({ type: String, nullable: true, example: 'GL' })
  region!: string | null;

  /** Facility code. */
  @ApiProperty({ type: String, nullable: true, example: 'ZAU' })
  facility!: string | null;

  /** Current positions, newest first. */
  @ApiProperty({ type: [String], example: ['Facility President', 'Area Representative'] })
  positions!: string[];
}

export class MemberNotFoundResponseDto {
  @ApiProperty({ enum: [false], example: false })
  found!: false;
}

export type LookupEmailResponse = MemberFoundResponseDto | MemberNotFoundResponseDto;
