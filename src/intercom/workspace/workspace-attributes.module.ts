import { Module } from '@nestjs/common';
import { IntercomGatewayModule } from '../gateway';
import { WorkspaceAttributesService } from './workspace-attributes.service';

/**
 * The contact data attributes of the Intercom workspace: which the service
 * needs and lacks, and their creation (`npm run cli -- setup`). Exported by
 * IntercomModule, so the service process and the CLI both have it.
 */
@Module({
  imports: [IntercomGatewayModule],
  providers: [WorkspaceAttributesService],
  exports: [WorkspaceAttributesService],
})
export class WorkspaceAttributesModule {}
