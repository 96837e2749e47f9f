import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { apiKeysConfig } from '../common/config/api-keys.config';
import { MembersModule } from '../members/members.module';
import { PositionsModule } from '../positions/positions.module';
import { CallerThrottlerGuard } from './lookup/caller-throttler.guard';
import { LookupEmailController } from './lookup/lookup-email.controller';
import { LookupEmailService } from './lookup/lookup-email.service';

@Module({
  imports: [
    MembersModule,
    PositionsModule,
    // Only the lookup route is throttled: Intercom's webhooks must never see a 429.
    ThrottlerModule.forRootAsync({
      inject: [apiKeysConfig.KEY],
      useFactory: (keys: ConfigType<typeof apiKeysConfig>) => ({
        throttlers: [{ name: 'lookup', limit: keys.lookupRateLimit, ttl: keys.lookupRateWindowMs }],
      }),
    }),
  ],
  controllers: [LookupEmailController],
  providers: [LookupEmailService, CallerThrottlerGuard],
})
export class IntercomModule {}
