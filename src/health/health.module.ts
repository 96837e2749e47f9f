import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { IntercomGatewayModule } from '../intercom/gateway/intercom-gateway.module';
import { MembersModule } from '../members/members.module';
import { PositionsModule } from '../positions/positions.module';
import { DependenciesHealthIndicator } from './dependencies.health-indicator';
import { HealthController } from './health.controller';

@Module({
  imports: [
    TerminusModule.forRoot({ logger: false }),
    MembersModule,
    PositionsModule,
    IntercomGatewayModule,
  ],
  controllers: [HealthController],
  providers: [DependenciesHealthIndicator],
})
export class HealthModule {}
