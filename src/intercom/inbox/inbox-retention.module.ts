import { Module } from '@nestjs/common';
import { InboxRetentionRepository } from './inbox-retention.repository';
import {
  DEFAULT_INBOX_RETENTION_SCHEDULE,
  INBOX_RETENTION_SCHEDULE,
  InboxRetentionService,
} from './inbox-retention.service';
import { TypeormInboxRetentionRepository } from './persistence/typeorm-inbox-retention.repository';

/**
 * The hourly deletion of inbox rows past their retention. Only the service
 * process imports it (AppModule): an operator command must not start a purge
 * each time it runs.
 */
@Module({
  providers: [
    { provide: InboxRetentionRepository, useClass: TypeormInboxRetentionRepository },
    { provide: INBOX_RETENTION_SCHEDULE, useValue: DEFAULT_INBOX_RETENTION_SCHEDULE },
    InboxRetentionService,
  ],
  exports: [InboxRetentionService],
})
export class InboxRetentionModule {}
