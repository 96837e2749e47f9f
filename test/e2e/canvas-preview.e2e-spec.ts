/**
 * The sandbox's member card preview in a real browser (headless Debian Chromium): the page
 * shows the card the real app answers, no taller than Intercom's 400 px first card, and its
 * "Sync member" button syncs the member through the app.
 */
import type { AddressInfo } from 'node:net';
import { CardClient } from '../../sandbox/card/card-client';
import { startCardPreview, type CardPreview } from '../../sandbox/card/card-preview.server';
import { launchChromium, type HeadlessChromium } from '../support/headless-chromium';
import { insertMember, seedGeography } from '../support/member-fixtures';
import { daysFromToday, insertPositions } from '../support/positions-fixtures';
import { startTestApp, TEST_CLIENT_SECRET, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

jest.setTimeout(45_000);

describe('member card preview in a browser', () => {
  let t: TestApp;
  let preview: CardPreview;
  let browser: HeadlessChromium;

  beforeAll(async () => {
    t = await startTestApp();
    await seedGeography(t.mysql);
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const client = new CardClient(`http://127.0.0.1:${port}`, TEST_CLIENT_SECRET, t.intercom.store);
    preview = await startCardPreview(client, t.intercom.store);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    await t?.close();
  });

  it('shows the member’s card within 400 px, and Sync member syncs and notes it', async () => {
    await insertMember(t.mysql, {
      membernumber: '90001',
      email: 'pia.preview@example.com',
      firstname: 'Pia',
      lastname: 'Preview',
      facility_id: 1,
    });
    await insertPositions(t.postgres, [
      {
        membernumber: '90001',
        positiontype: 'Facility Representative',
        start_date: daysFromToday(-3),
      },
    ]);
    const lead = t.intercom.store.addContact({ role: 'lead', email: 'pia.preview@example.com' });
    const conversation = t.intercom.store.addConversation({ contactIds: [lead.id] });
    const page = await browser.context.newPage();

    await page.goto(`${preview.url}/card?conversation=${conversation.id}&contact=${lead.id}`);
    const card = page.getByTestId('card');
    const text = await card.innerText();
    expect(text).toContain('Member number\n90001');
    expect(text).toContain('Name\nPia Preview');
    expect(text).toContain('Positions\nFacility Representative');
    expect(text).toContain('The contact differs');
    const box = await card.boundingBox();
    expect(box?.height).toBeGreaterThan(100);
    expect(box?.height).toBeLessThanOrEqual(400);
    const sync = page.getByRole('button', { name: 'Sync member' });
    expect(await sync.getAttribute('class')).toBe('button secondary');
    expect(await page.locator('.button.primary').count()).toBe(0);

    await sync.click();
    await page.getByText('✅ Member synced').waitFor();
    expect(await card.innerText()).toContain('Created the member’s user contact.');
    await waitFor(() => t.intercom.store.notes(conversation.id).length === 1, 'the sync note');
    await page.close();
  });

  it('offers the member number field, prefilled, when nobody matches', async () => {
    const stranger = t.intercom.store.addContact({
      role: 'lead',
      email: 'nobody.here@example.com',
    });
    const conversation = t.intercom.store.addConversation({
      contactIds: [stranger.id],
      custom_attributes: { member_number_verification: '424242' },
    });
    const page = await browser.context.newPage();

    await page.goto(`${preview.url}/card?conversation=${conversation.id}&contact=${stranger.id}`);

    await page
      .getByText('No Active or Retired member matches the email nobody.here@example.com.')
      .waitFor();
    expect(await page.getByLabel('Member number').inputValue()).toBe('424242');
    // Not a member: the field comes back marked failed, with the reason.
    await page.getByRole('button', { name: 'Sync member' }).click();
    await page.getByText('No Active or Retired member has the number 424242.').waitFor();
    expect(await page.locator('.input.failed input').inputValue()).toBe('424242');
    await page.close();
  });
});
