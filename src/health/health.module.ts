import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MembersModule } from '../members/members.module';
import { PositionsModule } from '../positions/positions.module';
import { DependenciesHealthIndicator } from './dependencies.health-indicator';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), MembersModule, PositionsModule],
  controllers: [HealthController],
  providers: [DependenciesHealthIndicator],
})
export class HealthModule {}
