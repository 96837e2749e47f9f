/**
 * Works on one recorded notification. Returns the reason it is done
 * (e.g. `updated`, `member_not_found`); throws to have it retried or failed.
 */
export interface NotificationHandler {
  readonly topics: readonly string[];
  handle(payload: unknown, context: { notificationId: string; topic: string }): Promise<string>;
}

/** Multi-provider token: every handler registers itself under it. */
export const NOTIFICATION_HANDLERS = Symbol('NOTIFICATION_HANDLERS');
