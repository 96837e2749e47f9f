import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { ErrorCode } from '../common/errors/error-code.enum';
import { InboxRepository, NotificationReplayService } from '../intercom/inbox';
import type { ListNotificationsQueryDto } from './dto/list-notifications-query.dto';
import type {
  NotificationDetailDto,
  NotificationPageDto,
  ReplayResultDto,
} from './dto/notification.dto';
import { toNotificationDetailDto, toNotificationDto } from './notification-dto.mapper';

/** The admin routes' work: read the inbox, replay through the shared replay service. */
@Injectable()
export class AdminNotificationsService {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly replays: NotificationReplayService,
  ) {}

  async list(query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const page = await this.inbox.list(query);
    return {
      items: page.items.map(toNotificationDto),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async show(id: number): Promise<NotificationDetailDto> {
    const record = await this.inbox.find(id);
    if (!record) throw new AppError(ErrorCode.NotificationNotFound);
    return toNotificationDetailDto(record);
  }

  async replay(id: number): Promise<ReplayResultDto> {
    const result = await this.replays.replay(id);
    if (result === 'not_found') throw new AppError(ErrorCode.NotificationNotFound);
    if (result === 'processing') throw new AppError(ErrorCode.NotificationBeingProcessed);
    return { replayed: 1 };
  }

  async replayFailed(): Promise<ReplayResultDto> {
    return { replayed: (await this.replays.replayFailed()).count };
  }
}
