import { ApiProperty } from '@nestjs/swagger';

/*
 * Every property is declared with @ApiProperty, description included: the
 * OpenAPI document is built from these decorators alone (no Swagger build
 * plugin), so `npm run build`, ts-node and the sandbox serve the same one.
 */
export class MemberFoundResponseDto {
  @ApiProperty({ enum: [true], example: true, description: 'A member matched.' })
  found!: true;

  @ApiProperty({ example: '12345', description: 'The member number.' })
  member_number!: string;

  @ApiProperty({ example: 'John' })
  firstname!: string;

  @ApiProperty({ example: 'Doe' })
  lastname!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'john.doe@example.com',
    description: 'As stored, trimmed.',
  })
  email!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '(765) 465-7031',
    description: 'As stored, trimmed.',
  })
  phone!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'GL',
    description: "Region code: the member's region, else its facility's region; null when unknown.",
  })
  region!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ZAU',
    description: 'Facility code; null when unknown.',
  })
  facility!: string | null;

  @ApiProperty({
    type: [String],
    example: ['Facility President', 'Area Representative'],
    description: 'Current union positions, newest first; empty when none.',
  })
  positions!: string[];
}

export class MemberNotFoundResponseDto {
  @ApiProperty({
    enum: [false],
    example: false,
    description: 'No Active or Retired member has this address; nothing else is sent.',
  })
  found!: false;
}

export type LookupEmailResponse = MemberFoundResponseDto | MemberNotFoundResponseDto;
