import type { InboxRecord } from '../intercom/inbox';
import type { NotificationDetailDto, NotificationDto } from './dto/notification.dto';

/** Inbox records as the admin API shows them: snake_case, like every body of the service. */
export function toNotificationDto(record: InboxRecord): NotificationDto {
  return {
    id: record.id,
    notification_id: record.notificationId,
    topic: record.topic,
    state: record.state,
    attempts: record.attempts,
    outcome: record.outcome,
    last_error: record.lastError,
    received_at: record.receivedAt.toISOString(),
    available_at: record.availableAt.toISOString(),
    processed_at: record.processedAt === null ? null : record.processedAt.toISOString(),
  };
}

export function toNotificationDetailDto(
  record: InboxRecord & { payload: string },
): NotificationDetailDto {
  return { ...toNotificationDto(record), payload: parsePayload(record.payload) };
}

/** The payload was a JSON object when recorded; a string only if the row was edited by hand. */
function parsePayload(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
}
