import { CardClient } from '../card/card-client';
import { cardText } from '../card/card-text';
import type { StepReport, WalkthroughContext } from './steps';

/** The card as aligned lines: the first one labelled, the rest under it. */
function cardLines(label: string, text: string): Array<[string, string]> {
  return text.split('\n').map((line, i) => [i === 0 ? label : '', line]);
}

/**
 * 5. An agent opens the member card beside a lead's conversation (Canvas Kit initialize,
 * signed as Intercom signs it) and clicks "Sync member" (submit): docs/reference.md, "Member card".
 */
export async function memberCardSync(context: WalkthroughContext): Promise<StepReport> {
  const { cardLead, cardConversation } = context.seed;
  const client = new CardClient(context.baseUrl, context.clientSecret, context.store);
  const target = { conversationId: cardConversation.id, contactId: cardLead.id };
  const shown = await client.initialize(target);
  const clicked = await client.submit(target, 'sync', {}, shown.body.canvas?.stored_data ?? {});
  const shownText = shown.status === 200 ? cardText(shown.body) : `answered ${shown.status}`;
  const clickedText =
    clicked.status === 200 ? cardText(clicked.body) : `answered ${clicked.status}`;
  const users = context.store
    .contacts()
    .filter((c) => c.role === 'user' && !c.archived && c.email === cardLead.email);
  const notes = context.store.notes(cardConversation.id);
  const ok =
    shownText.includes('Member number: 10003') &&
    clickedText.startsWith('✅ Member synced') &&
    users.length === 1 &&
    notes.length === 1;
  return {
    title: `An agent opens the member card beside ${cardLead.email} (a lead) and clicks Sync member`,
    ok,
    lines: [
      ...cardLines('card', shownText),
      ...cardLines('clicked', clickedText),
      ['contact', users.length === 1 ? `user ${users[0].id} (${users[0].email})` : '(no user)'],
      [
        'note',
        notes.length === 1 ? 'one internal note on the conversation' : `${notes.length} notes`,
      ],
    ],
    verdict: ok
      ? 'the card showed the member, and Sync member made the lead a user with one note'
      : 'the card or its sync did not do what it should',
  };
}
