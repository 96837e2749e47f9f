import { rawSample } from '../../../test/support/webhook-payloads';
import { parseNotification } from './webhook-notification';

describe('parseNotification', () => {
  it('reads id and topic of the real samples', () => {
    expect(parseNotification(rawSample('conversation_user_created.json'))).toMatchObject({
      notificationId: 'notif_3ac27816-d27c-45fd-a65a-bbaf021cf780',
      topic: 'conversation.user.created',
    });
  });

  it('keys a notification without id by the digest of its body', () => {
    const ping = parseNotification(rawSample('ping.json'));
    expect(ping?.topic).toBe('ping');
    expect(ping?.notificationId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parseNotification(rawSample('ping.json'))?.notificationId).toBe(ping?.notificationId);
  });

  it('keeps the raw body as the payload', () => {
    const raw = Buffer.from('{"id":"n1","topic":"t","data":{"x":"é"}}');
    expect(parseNotification(raw)?.payload).toBe(raw.toString('utf8'));
  });

  it.each(['[]', '"text"', '42', 'null', '{"id":', ''])(
    'rejects %j as not a JSON object',
    (raw) => {
      expect(parseNotification(Buffer.from(raw))).toBeNull();
    },
  );

  it('tolerates a topic or id of the wrong type', () => {
    expect(parseNotification(Buffer.from('{"id":5,"topic":["x"]}'))).toMatchObject({
      topic: '',
      notificationId: expect.stringMatching(/^sha256:/),
    });
  });
});
