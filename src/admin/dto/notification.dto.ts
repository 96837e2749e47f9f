import { ApiProperty } from '@nestjs/swagger';
import { InboxState } from '../../intercom/inbox';

/** A recorded notification as operators see it in a list: no payload (it holds personal data). */
export class NotificationDto {
  @ApiProperty({ example: 42, description: 'The row id, used by the replay routes and the CLI.' })
  id!: number;

  @ApiProperty({ example: 'notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3' })
  notification_id!: string;

  @ApiProperty({ example: 'conversation.user.replied' })
  topic!: string;

  @ApiProperty({ enum: InboxState, example: InboxState.Failed })
  state!: InboxState;

  @ApiProperty({
    example: 8,
    description: 'Processing attempts since it was recorded or replayed.',
  })
  attempts!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'failed',
    description: 'Why it is done (e.g. `updated`, `member_not_found`), or `failed`.',
  })
  outcome!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'IntercomTransientError: PUT contact: HTTP 503',
  })
  last_error!: string | null;

  @ApiProperty({ example: '2025-12-01T10:15:00.000Z' })
  received_at!: string;

  @ApiProperty({
    example: '2025-12-01T10:30:00.000Z',
    description: 'When a pending row is due, or when a processing row’s lease ends.',
  })
  available_at!: string;

  @ApiProperty({ type: String, nullable: true, example: '2025-12-01T10:45:00.000Z' })
  processed_at!: string | null;
}

export class NotificationDetailDto extends NotificationDto {
  @ApiProperty({
    description: 'The notification as Intercom sent it (a string when it is not valid JSON).',
    example: { type: 'notification_event', topic: 'conversation.user.replied', data: {} },
  })
  payload!: unknown;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items!: NotificationDto[];

  @ApiProperty({ example: 1, description: 'Rows matching the filter, on every page.' })
  total!: number;

  @ApiProperty({ example: 50 })
  limit!: number;

  @ApiProperty({ example: 0 })
  offset!: number;
}

export class ReplayResultDto {
  @ApiProperty({ example: 1, description: 'Notifications made due again.' })
  replayed!: number;
}
