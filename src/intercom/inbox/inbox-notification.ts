/** The states a recorded notification moves through. */
export enum InboxState {
  Pending = 'pending',
  Processing = 'processing',
  Done = 'done',
  Failed = 'failed',
}

/** A notification as received, before it is recorded. */
export interface IncomingNotification {
  notificationId: string;
  topic: string;
  /** The raw JSON body exactly as Intercom sent it. */
  payload: string;
}

/** A notification claimed by a worker. */
export interface ClaimedNotification {
  id: number;
  notificationId: string;
  topic: string;
  payload: string;
  /** Including this one. */
  attempts: number;
}

/** What operators see of a recorded notification. */
export interface InboxRecord {
  id: number;
  notificationId: string;
  topic: string;
  state: InboxState;
  attempts: number;
  outcome: string | null;
  lastError: string | null;
  receivedAt: Date;
  availableAt: Date;
  processedAt: Date | null;
}
