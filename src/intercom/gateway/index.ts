/**
 * Public face of intercom/gateway: The Intercom API gateway: the IntercomGateway port, its errors and contact types, the authorization switch, the call observer and batch priority.
 * Other folders import only from here (.dependency-cruiser.cjs).
 */
export { IntercomGatewayModule } from './intercom-gateway.module';
export { withBatchPriority } from './call-priority';
export {
  IntercomAuthorizationPausedEvent,
  IntercomAuthorizationResumedEvent,
} from './intercom-authorization.events';
export { ATTRIBUTE_REFUSAL_REASONS } from './attribute-refusal';
export { IntercomAuthorization } from './intercom-authorization';
export { IntercomCallObserver } from './intercom-call.observer';
export type {
  ContactChanges,
  ContactPage,
  ContactSearchQuery,
  IntercomContact,
  IntercomDataAttribute,
  IntercomTag,
} from './intercom-contact';
export {
  IntercomAlreadyExistsError,
  IntercomConflictError,
  IntercomDryRunError,
  IntercomNotFoundError,
  IntercomRequestError,
  IntercomTransientError,
} from './intercom.errors';
export { IntercomGateway } from './intercom.gateway';
export { ContactSearchWalk } from './contact-search-walk';
