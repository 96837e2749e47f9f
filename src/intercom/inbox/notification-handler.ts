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
  /**
   * True when the service records these topics itself (e.g. a member card's "Sync member"
   * click): a webhook naming one of them is ignored, signed or not, so nobody outside can
   * queue that work.
   */
  readonly internalOnly?: boolean;
  handle(payload: unknown, context: NotificationContext): Promise<string>;
  /**
   * Called once the inbox has recorded the notification as `failed` (its last
   * attempt, or a permanent error), with the error of that attempt. Errors thrown
   * here are logged and change nothing.
   */
  onFailed?(payload: unknown, context: NotificationContext, error: unknown): Promise<void>;
}
