/**
 * Public face of positions: Union positions from Supabase: the PositionsService and the PositionsRepository port.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { PositionsModule } from './positions.module';
export { PositionsRepository } from './positions.repository';
export { PositionsService } from './positions.service';
