import { signCanvasBody } from '../../src/intercom/canvas/canvas-signature';
import type { IntercomStore } from '../../test/support/intercom-double/intercom-double';
import {
  initializeBody,
  submitBody,
  type CanvasRequestSeed,
} from '../../test/support/canvas-bodies';

/** A canvas answer: the card, or the refusal's status and text. */
export interface CardAnswer {
  status: number;
  body: {
    canvas?: { content?: { components?: unknown[] }; stored_data?: Record<string, unknown> };
  };
}

/** Which card: the conversation, and the contact viewed in its details. */
export interface CardTarget {
  conversationId: string;
  contactId: string;
}

/**
 * Plays Intercom for the member card: builds initialize and submit requests from the
 * Intercom double's workspace (the contact and conversation as Intercom would send them,
 * the store's admin as the teammate) and posts them signed with X-Body-Signature.
 */
export class CardClient {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly store: IntercomStore,
  ) {}

  initialize(target: CardTarget): Promise<CardAnswer> {
    return this.post('initialize', initializeBody(this.seed(target)));
  }

  /** A click on `componentId` of the card whose `stored_data` was given, with the inputs' values. */
  submit(
    target: CardTarget,
    componentId: string,
    inputValues: Record<string, string> = {},
    storedData: Record<string, unknown> = {},
  ): Promise<CardAnswer> {
    return this.post(
      'submit',
      submitBody(this.seed(target), componentId, { inputValues, storedData }),
    );
  }

  private seed({ conversationId, contactId }: CardTarget): CanvasRequestSeed {
    const contact = this.store.getContact(contactId);
    const conversation = this.store.conversation(conversationId);
    const { id, name, email } = this.store.admin;
    return {
      contact: {
        id: contactId,
        role: contact?.role ?? 'lead',
        email: contact?.email ?? null,
        phone: contact?.phone ?? null,
        custom_attributes: contact?.custom_attributes ?? {},
      },
      conversationId,
      conversationAttributes: conversation?.custom_attributes ?? {},
      admin: { id, name, email },
    };
  }

  private async post(route: 'initialize' | 'submit', body: unknown): Promise<CardAnswer> {
    const raw = JSON.stringify(body);
    const response = await fetch(`${this.baseUrl}/api/intercom/canvas/${route}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Body-Signature': signCanvasBody(raw, this.secret),
      },
      body: raw,
    });
    const text = await response.text();
    let parsed: CardAnswer['body'] = {};
    try {
      parsed = JSON.parse(text) as CardAnswer['body'];
    } catch {
      // Not JSON: the status says enough.
    }
    return { status: response.status, body: parsed };
  }
}
