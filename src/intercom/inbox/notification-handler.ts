/** Which notification a handler works on: Intercom's id and the topic. */
export interface NotificationContext {
  notificationId: string;
  topic: string;
}

/**
 * Works on one recorded notification. Returns the reason it is done
 * (e.g. `updated`, `member_not_found`); throws to have it retried or failed.
 */
export interface NotificationHandler {
  readonly topics: readonly string[];
  handle(payload: unknown, context: NotificationContext): Promise<string>;
  /**
   * Called once the inbox has recorded the notification as `failed` (its last
   * attempt, or a permanent error), with the error of that attempt. Errors thrown
   * here are logged and change nothing.
   */
  onFailed?(payload: unknown, context: NotificationContext, error: unknown): Promise<void>;
}
