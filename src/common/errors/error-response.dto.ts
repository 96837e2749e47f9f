import { ApiProperty } from '@nestjs/swagger';

/** The body of every error the service answers. */
export class ErrorResponseDto {
  @ApiProperty({ example: 'Email address is required' })
  error!: string;
}
