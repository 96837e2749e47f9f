import { Module } from '@nestjs/common';
import { IntercomModule } from '../intercom';
import { AdminNotificationsController } from './admin-notifications.controller';
import { AdminNotificationsService } from './admin-notifications.service';

/** /api/admin: recorded notifications for operators, behind ADMIN_API_KEYS. */
@Module({
  imports: [IntercomModule],
  controllers: [AdminNotificationsController],
  providers: [AdminNotificationsService],
})
export class AdminModule {}
