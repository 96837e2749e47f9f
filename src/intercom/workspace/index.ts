/**
 * Public face of intercom/workspace: The workspace's contact data attributes: the check, the monitor and `setup`.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { WorkspaceAttributesModule } from './workspace-attributes.module';
export { WorkspaceMonitorModule } from './workspace-monitor.module';
export { WorkspaceAttributesService } from './workspace-attributes.service';
export type { SetupItem, SetupResult } from './workspace-attributes.service';
