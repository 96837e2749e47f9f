import { Module, type OnModuleInit } from '@nestjs/common';
import { MembersModule } from '../../members';
import { PositionsModule } from '../../positions';
import { IntercomGatewayModule } from '../gateway';
import { InboxModule, NotificationHandlerRegistry } from '../inbox';
import { SyncNoteRepository } from './notes/sync-note.repository';
import { SyncNoteWriter } from './notes/sync-note.writer';
import { TypeormSyncNoteRepository } from './notes/persistence/typeorm-sync-note.repository';
import { MemberCardSyncHandler } from './member-card-sync.handler';
import { MemberCardSyncResults } from './member-card-sync.results';
import { MemberResyncService } from './member-resync.service';
import { TagSyncHandler } from './tag-sync.handler';

/**
 * The manual re-sync: a conversation tagged `mynatca-sync` (TAG_SYNC_TOPICS), or the
 * member card's Sync member button (MEMBER_CARD_SYNC_TOPIC), both through the inbox, makes
 * the member's contact whole and leaves the agent a note.
 */
@Module({
  imports: [MembersModule, PositionsModule, IntercomGatewayModule, InboxModule],
  providers: [
    TagSyncHandler,
    MemberResyncService,
    MemberCardSyncHandler,
    MemberCardSyncResults,
    SyncNoteWriter,
    { provide: SyncNoteRepository, useClass: TypeormSyncNoteRepository },
  ],
  // The member card (CanvasModule) starts its syncs through the inbox and reads their results here.
  exports: [MemberCardSyncResults],
})
export class ResyncModule implements OnModuleInit {
  constructor(
    private readonly handlers: NotificationHandlerRegistry,
    private readonly tagSync: TagSyncHandler,
    private readonly cardSync: MemberCardSyncHandler,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this.tagSync);
    this.handlers.register(this.cardSync);
  }
}
