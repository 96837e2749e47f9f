import { Module } from '@nestjs/common';
import { MembersModule } from '../../members';
import { PositionsModule } from '../../positions';
import { InboxModule } from '../inbox';
import { ResyncModule } from '../sync';
import { CanvasController } from './canvas.controller';
import { MemberCardService } from './member-card.service';
import { MemberCardSyncStarter } from './member-card-sync.starter';

/**
 * The member card: Intercom's Canvas Kit inbox app beside every conversation
 * (docs/reference.md, "Member card"). Its sync runs through the inbox (InboxModule), with the
 * sync tag's re-sync and note writer (ResyncModule).
 */
@Module({
  imports: [InboxModule, ResyncModule, MembersModule, PositionsModule],
  controllers: [CanvasController],
  providers: [MemberCardService, MemberCardSyncStarter],
})
export class CanvasModule {}
