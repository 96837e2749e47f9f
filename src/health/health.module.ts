import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { IntercomGatewayModule } from '../intercom/gateway';
import { MembersModule } from '../members';
import { PositionsModule } from '../positions';
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
