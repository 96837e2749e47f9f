/**
 * Canvas Kit request bodies as Intercom sends them to the member card (inbox initialize and
 * submit). Plain data: shared by the e2e tests and the sandbox.
 */
export interface CanvasContactSeed {
  id: string;
  role?: 'user' | 'lead';
  email?: string | null;
  phone?: string | null;
  custom_attributes?: Record<string, unknown>;
}

export interface CanvasRequestSeed {
  contact: CanvasContactSeed;
  conversationId: string;
  conversationAttributes?: Record<string, unknown>;
  admin?: { id: string; name: string; email?: string };
}

export const CARD_ADMIN = { id: 'admin-card-1', name: 'Alex Agent', email: 'alex@natca.example' };

/** An Inbox initialize body (the Messenger-only fields left out, as Intercom does in the Inbox). */
export function initializeBody(seed: CanvasRequestSeed): Record<string, unknown> {
  return {
    workspace_id: 'ws-test',
    workspace_region: 'us',
    admin: { type: 'admin', ...(seed.admin ?? CARD_ADMIN) },
    conversation: {
      type: 'conversation',
      id: seed.conversationId,
      custom_attributes: seed.conversationAttributes ?? {},
      contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: seed.contact.id }] },
    },
    contact: {
      type: 'contact',
      role: 'user',
      email: null,
      phone: null,
      custom_attributes: {},
      ...seed.contact,
    },
  };
}

/** A submit body: the click on `componentId`, the card it was on, and its input values. */
export function submitBody(
  seed: CanvasRequestSeed,
  componentId: string,
  options: { inputValues?: Record<string, unknown>; storedData?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    ...initializeBody(seed),
    component_id: componentId,
    input_values: options.inputValues ?? {},
    current_canvas: { content: { components: [] }, stored_data: options.storedData ?? {} },
  };
}
