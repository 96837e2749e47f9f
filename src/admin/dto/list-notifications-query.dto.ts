import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../../common/errors/error-code.enum';
import { InboxState } from '../../intercom/inbox';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export class ListNotificationsQueryDto {
  @ApiPropertyOptional({ enum: InboxState, description: 'Only rows in this state.' })
  @IsOptional()
  @IsEnum(InboxState, { message: ErrorCode.InvalidQuery })
  state?: InboxState;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: 'Rows per page.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: ErrorCode.InvalidQuery })
  @Min(1, { message: ErrorCode.InvalidQuery })
  @Max(MAX_PAGE_SIZE, { message: ErrorCode.InvalidQuery })
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Rows to skip, newest first.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: ErrorCode.InvalidQuery })
  @Min(0, { message: ErrorCode.InvalidQuery })
  offset: number = 0;
}
