import { Module } from '@nestjs/common';
import { PositionsRepository } from './positions.repository';
import { PositionsService } from './positions.service';
import { supabaseClientProvider } from './supabase/supabase-client.provider';
import { SupabasePositionsRepository } from './supabase/supabase-positions.repository';

@Module({
  providers: [
    supabaseClientProvider,
    { provide: PositionsRepository, useClass: SupabasePositionsRepository },
    PositionsService,
  ],
  exports: [PositionsService, PositionsRepository],
})
export class PositionsModule {}
