import { rawSample } from '../../../test/support/webhook-payloads';
import type { IncomingNotification } from '../inbox/inbox-notification';
import { parseNotification } from './webhook-notification';

/** The notification read from a body that must be one. */
function parsed(raw: Buffer): IncomingNotification {
  const result = parseNotification(raw);
  if (typeof result === 'string') throw new Error(`refused: ${result}`);
  return result;
}

describe('parseNotification', () => {
  it('reads id and topic of the real samples', () => {
    expect(parseNotification(rawSample('conversation_user_created.json'))).toMatchObject({
      notificationId: 'notif_3ac27816-d27c-45fd-a65a-bbaf021cf780',
      topic: 'conversation.user.created',
    });
  });

  it('keys a notification without id by the digest of its body', () => {
    const ping = parsed(rawSample('ping.json'));
    expect(ping.topic).toBe('ping');
    expect(ping.notificationId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parsed(rawSample('ping.json')).notificationId).toBe(ping.notificationId);
  });

  it('keeps the raw body as the payload', () => {
    const raw = Buffer.from('{"id":"n1","topic":"t","data":{"x":"é"}}');
    expect(parsed(raw).payload).toBe(raw.toString('utf8'));
  });

  it.each(['[]', '"text"', '42', 'null', '{"id":', ''])(
    'rejects %j as not a JSON object',
    (raw) => {
      expect(parseNotification(Buffer.from(raw))).toBe('not_json_object');
    },
  );

  // JSON escapes can carry a lone surrogate (`"\ud800"`): valid JSON, not well-formed Unicode.
  it.each([
    ['an id', '{"id":"notif_\\ud800","topic":"conversation.user.replied"}'],
    ['a topic', '{"id":"n1","topic":"conversation.user.replied\\udc00"}'],
    ['an id made only of one', '{"id":"\\udbff","topic":"ping"}'],
  ])('refuses %s with a lone surrogate as ill-formed text', (_label, raw) => {
    expect(parseNotification(Buffer.from(raw))).toBe('ill_formed_text');
  });

  it('accepts surrogate pairs, and lone surrogates deeper in the payload (the handlers judge those)', () => {
    const raw = Buffer.from('{"id":"n\\ud83d\\ude00","topic":"t","data":{"x":"\\ud800"}}');
    expect(parsed(raw)).toEqual({
      notificationId: 'n\u{1F600}',
      topic: 't',
      payload: raw.toString('utf8'),
    });
  });

  it('tolerates a topic or id of the wrong type', () => {
    expect(parseNotification(Buffer.from('{"id":5,"topic":["x"]}'))).toMatchObject({
      topic: '',
      notificationId: expect.stringMatching(/^sha256:/),
    });
  });
});
