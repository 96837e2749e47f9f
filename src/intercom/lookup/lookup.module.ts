import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { apiKeysConfig } from '../../common/config/api-keys.config';
import { MembersModule } from '../../members';
import { PositionsModule } from '../../positions';
import { LookupEmailController } from './lookup-email.controller';
import { LookupEmailService } from './lookup-email.service';
import { lookupThrottlerOptions } from './lookup-throttler.options';

/** The lookup API: `POST /api/intercom/lookup-email` finds a member by email. */
@Module({
  imports: [
    MembersModule,
    PositionsModule,
    // For the lookup route's ThrottlerGuard only: Intercom's webhooks never see a 429.
    ThrottlerModule.forRootAsync({
      inject: [apiKeysConfig.KEY],
      useFactory: (keys: ConfigType<typeof apiKeysConfig>) => lookupThrottlerOptions(keys),
    }),
  ],
  controllers: [LookupEmailController],
  providers: [LookupEmailService],
})
export class LookupModule {}
