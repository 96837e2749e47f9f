import { Module } from '@nestjs/common';
import { EnrichmentModule } from '../enrichment';
import { IntercomGatewayModule } from '../gateway';
import { BackfillRunRepository } from './backfill-run.repository';
import { ContactBackfillService } from './contact-backfill.service';
import { TypeormBackfillRunRepository } from './persistence/typeorm-backfill-run.repository';

/**
 * The backfill of contacts that never wrote in since the service started.
 * Only the operator CLI imports it; its table's migration is the service's
 * (src/service-migrations.ts), so every process agrees on the schema.
 */
@Module({
  imports: [IntercomGatewayModule, EnrichmentModule],
  providers: [
    { provide: BackfillRunRepository, useClass: TypeormBackfillRunRepository },
    ContactBackfillService,
  ],
  exports: [ContactBackfillService],
})
export class BackfillModule {}
