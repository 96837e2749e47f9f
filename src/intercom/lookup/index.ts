/**
 * Public face of intercom/lookup: The lookup API (`POST /api/intercom/lookup-email`).
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { LookupModule } from './lookup.module';
