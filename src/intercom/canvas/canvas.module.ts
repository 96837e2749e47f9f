import { Module } from '@nestjs/common';
import { MembersModule } from '../../members/members.module';
import { PositionsModule } from '../../positions/positions.module';
import { IntercomModule } from '../intercom.module';
import { CanvasController } from './canvas.controller';
import { MemberCardService } from './member-card.service';
import { MemberCardSyncStarter } from './member-card-sync.starter';

/**
 * The member card: Intercom's Canvas Kit inbox app beside every conversation
 * (docs/reference.md, "Member card"). Its sync runs through IntercomModule's inbox, with the
 * sync tag's re-sync and note writer.
 */
@Module({
  imports: [IntercomModule, MembersModule, PositionsModule],
  controllers: [CanvasController],
  providers: [MemberCardService, MemberCardSyncStarter],
})
export class CanvasModule {}
