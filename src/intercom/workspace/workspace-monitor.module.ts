import { Module } from '@nestjs/common';
import { IntercomGatewayModule } from '../gateway';
import { WorkspaceAttributesModule } from './workspace-attributes.module';
import { WorkspaceAttributesMonitor } from './workspace-attributes.monitor';

/**
 * The check of the workspace's contact attributes at start and hourly. Only the
 * service process imports it (AppModule): an operator command must not make an
 * extra Intercom call, nor warn, each time it runs (`setup` checks by itself).
 */
@Module({
  imports: [IntercomGatewayModule, WorkspaceAttributesModule],
  providers: [WorkspaceAttributesMonitor],
  exports: [WorkspaceAttributesMonitor],
})
export class WorkspaceMonitorModule {}
