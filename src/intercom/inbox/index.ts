/**
 * Public face of intercom/inbox: The notification inbox: its module, the NotificationHandler port the features implement, the repository port, the worker, replays and retention.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { InboxRetentionModule } from './inbox-retention.module';
export { InboxModule } from './inbox.module';
export { describeError } from './failure-classification';
export { InboxState } from './inbox-notification';
export type { InboxRecord, IncomingNotification } from './inbox-notification';
export { InboxWorker } from './inbox-worker';
export { InboxWriter } from './inbox-writer';
export { InboxRepository } from './inbox.repository';
export { NotificationHandlerRegistry } from './notification-handler.registry';
export type { NotificationContext, NotificationHandler } from './notification-handler';
export { NotificationReplayService } from './notification-replay.service';
export { CreateInbox1764547200000 } from './persistence/migrations/1764547200000-create-inbox';
export { IndexInboxRetention1764810000000 } from './persistence/migrations/1764810000000-index-inbox-retention';
