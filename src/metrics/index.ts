/**
 * Public face of metrics: The Prometheus metrics (`/api/metrics`) and the listeners that feed them.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { MetricsModule } from './metrics.module';
