import { Injectable, Logger } from '@nestjs/common';
import type {
  ContactChanges,
  ContactPage,
  IntercomContact,
  IntercomConversation,
  IntercomDataAttribute,
  IntercomTag,
  NewContact,
  NewContactAttribute,
} from './intercom-contact';
import { IntercomDryRunError } from './intercom.errors';
import { IntercomGateway } from './intercom.gateway';

/**
 * Used when no INTERCOM_ACCESS_TOKEN is configured: reads nothing from and writes nothing
 * to Intercom. Writes are logged as what would be sent (attribute names only, never their
 * values); a read is logged as what would be read and ends the work with IntercomDryRunError,
 * since nothing after it can be known (the inbox records such a notification as done with
 * outcome `dry_run`; the CLI says what it would have done).
 */
@Injectable()
export class DryRunIntercomGateway extends IntercomGateway {
  private readonly logger = new Logger('IntercomGateway');

  getContact(id: string): Promise<IntercomContact | null> {
    return this.cannotRead(`GET /contacts/${id}`);
  }

  updateContact(id: string, changes: ContactChanges): Promise<IntercomContact> {
    this.wouldSend('PUT', `/contacts/${id}`, changes);
    return Promise.resolve({
      id,
      role: changes.role ?? 'user',
      email: changes.email ?? null,
      phone: changes.phone ?? null,
      customAttributes: changes.customAttributes,
      createdAt: 0,
    });
  }

  createContact(contact: NewContact): Promise<IntercomContact> {
    this.wouldSend('POST', '/contacts', contact);
    return Promise.reject(new IntercomDryRunError('POST /contacts'));
  }

  searchContacts(): Promise<ContactPage> {
    return this.cannotRead('POST /contacts/search');
  }

  mergeContacts(leadId: string, userId: string): Promise<IntercomContact> {
    this.logger.log({
      msg: 'Intercom dry run: would send',
      method: 'POST',
      path: '/contacts/merge',
      from: leadId,
      into: userId,
    });
    return Promise.reject(new IntercomDryRunError('POST /contacts/merge'));
  }

  archiveContact(id: string): Promise<void> {
    this.logger.log({
      msg: 'Intercom dry run: would send',
      method: 'POST',
      path: `/contacts/${id}/archive`,
    });
    return Promise.resolve();
  }

  unarchiveContact(id: string): Promise<void> {
    this.logger.log({
      msg: 'Intercom dry run: would send',
      method: 'POST',
      path: `/contacts/${id}/unarchive`,
    });
    return Promise.resolve();
  }

  listContactAttributes(): Promise<IntercomDataAttribute[]> {
    return this.cannotRead('GET /data_attributes');
  }

  createContactAttribute(attribute: NewContactAttribute): Promise<IntercomDataAttribute> {
    this.logger.log({
      msg: 'Intercom dry run: would send',
      method: 'POST',
      path: '/data_attributes',
      name: attribute.name,
    });
    return Promise.reject(new IntercomDryRunError('POST /data_attributes'));
  }

  getConversation(id: string): Promise<IntercomConversation | null> {
    return this.cannotRead(`GET /conversations/${id}`);
  }

  addConversationNote(conversationId: string): Promise<void> {
    this.logger.log({
      msg: 'Intercom dry run: would send',
      method: 'POST',
      path: `/conversations/${conversationId}/reply`,
      message_type: 'note',
    });
    return Promise.resolve();
  }

  listTags(): Promise<IntercomTag[]> {
    return this.cannotRead('GET /tags');
  }

  removeConversationTag(conversationId: string, tagId: string): Promise<boolean> {
    this.logger.log({
      msg: 'Intercom dry run: would send',
      method: 'DELETE',
      path: `/conversations/${conversationId}/tags/${tagId}`,
    });
    return Promise.resolve(true);
  }

  private wouldSend(method: string, path: string, changes: ContactChanges): void {
    this.logger.log({
      msg: 'Intercom dry run: would send',
      method,
      path,
      custom_attributes: Object.keys(changes.customAttributes),
      phone: changes.phone !== undefined,
    });
  }

  private cannotRead<T>(operation: string): Promise<T> {
    const [method, path] = operation.split(' ');
    this.logger.log({
      msg: 'Intercom dry run: would read, and stops here (nothing after it can be known without a token)',
      method,
      path,
    });
    return Promise.reject(new IntercomDryRunError(operation));
  }
}
