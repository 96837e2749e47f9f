import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { AdminApiKeyGuard } from '../common/auth/api-key.guard';
import { AppError } from '../common/errors/app.error';
import { ErrorCode } from '../common/errors/error-code.enum';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { AdminNotificationsService } from './admin-notifications.service';
import { ListNotificationsQueryDto } from './dto/list-notifications-query.dto';
import {
  NotificationDetailDto,
  NotificationPageDto,
  ReplayResultDto,
} from './dto/notification.dto';

/** A row id that is not a number names no notification. */
const ID_PIPE = new ParseIntPipe({
  exceptionFactory: () => new AppError(ErrorCode.NotificationNotFound),
});

const UNAUTHORIZED = {
  status: 401,
  description: 'No or unknown admin key (`ADMIN_API_KEYS`; none configured: nobody).',
  type: ErrorResponseDto,
  example: { error: 'Unauthorized' },
};
const NOT_FOUND = {
  status: 404,
  description: 'No notification has this id.',
  type: ErrorResponseDto,
  example: { error: 'Notification not found' },
};
const ID_PARAM = { name: 'id', description: 'The row id (`id` in the list).', example: 42 };

@ApiTags('admin')
@ApiBearerAuth('bearer')
@ApiSecurity('api-key')
@Controller('admin/notifications')
@UseGuards(AdminApiKeyGuard)
export class AdminNotificationsController {
  constructor(private readonly notifications: AdminNotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'List recorded notifications',
    description: 'Newest first, optionally in one state. Payloads are shown only one by one.',
  })
  @ApiResponse({ status: 200, description: 'One page.', type: NotificationPageDto })
  @ApiResponse({
    status: 400,
    description: 'Unknown state, or limit/offset out of range.',
    type: ErrorResponseDto,
    example: { error: 'Invalid query parameter' },
  })
  @ApiResponse(UNAUTHORIZED)
  list(@Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Show one notification',
    description: 'With its payload (personal data: admins only), attempts and last error.',
  })
  @ApiParam(ID_PARAM)
  @ApiResponse({ status: 200, description: 'The notification.', type: NotificationDetailDto })
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(NOT_FOUND)
  show(@Param('id', ID_PIPE) id: number): Promise<NotificationDetailDto> {
    return this.notifications.show(id);
  }

  @Post('replay-failed')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Replay every failed notification',
    description: 'Makes all failed rows due again with a fresh attempt budget.',
  })
  @ApiResponse({ status: 202, description: 'Queued for processing.', type: ReplayResultDto })
  @ApiResponse(UNAUTHORIZED)
  replayFailed(): Promise<ReplayResultDto> {
    return this.notifications.replayFailed();
  }

  @Post(':id/replay')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Replay one notification',
    description:
      'Makes the row due again with a fresh attempt budget, whatever its state (failed, done, ' +
      'pending), unless it is being processed right now. The worker picks it up at once.',
  })
  @ApiParam(ID_PARAM)
  @ApiResponse({ status: 202, description: 'Queued for processing.', type: ReplayResultDto })
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(NOT_FOUND)
  @ApiResponse({
    status: 409,
    description: 'Being processed right now; replay it once it has settled.',
    type: ErrorResponseDto,
    example: { error: 'Notification is being processed; replay it once it has settled' },
  })
  replay(@Param('id', ID_PIPE) id: number): Promise<ReplayResultDto> {
    return this.notifications.replay(id);
  }
}
