/**
 * Public face of intercom: Everything the service does with Intercom (IntercomModule imports the feature modules).
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { IntercomModule } from './intercom.module';
