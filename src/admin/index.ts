/**
 * Public face of admin: The admin API over the notification inbox (list, read, replay).
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { AdminModule } from './admin.module';
