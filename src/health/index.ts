/**
 * Public face of health: Liveness and readiness (`/api/health`).
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { HealthModule } from './health.module';
