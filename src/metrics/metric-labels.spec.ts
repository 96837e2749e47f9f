import { receivedTopicLabel, settledReasonLabel } from './metric-labels';

describe('receivedTopicLabel', () => {
  it('names recorded topics, ping, and topics that could not be recorded', () => {
    expect(receivedTopicLabel('conversation.user.replied', 'recorded')).toBe(
      'conversation.user.replied',
    );
    expect(receivedTopicLabel('conversation.user.created', 'unavailable')).toBe(
      'conversation.user.created',
    );
    expect(receivedTopicLabel('ping', 'ignored')).toBe('ping');
  });

  it('folds topics the service ignores into one label, whatever the sender wrote', () => {
    expect(receivedTopicLabel('contact.created', 'ignored')).toBe('other');
    expect(receivedTopicLabel(`x${'y'.repeat(200)}`, 'ignored')).toBe('other');
  });

  it('says unknown when the body was not read', () => {
    expect(receivedTopicLabel(null, 'rejected_signature')).toBe('unknown');
  });
});

describe('settledReasonLabel', () => {
  it('keeps the outcome of done rows', () => {
    expect(settledReasonLabel('done', 'member_not_found')).toBe('member_not_found');
  });

  it('keeps only the first word of a done outcome that carries a detail (ids)', () => {
    expect(
      settledReasonLabel(
        'done',
        'synced: merge refused by Intercom for lead 65ab0000000000000000000a',
      ),
    ).toBe('synced');
  });

  it.each([
    ['IntercomTransientError: GET contact: HTTP 503', 'IntercomTransientError'],
    ['QueryFailedError ER_LOCK_WAIT_TIMEOUT: Lock wait timeout', 'QueryFailedError'],
    ['TypeError', 'TypeError'],
    ['', 'Error'],
    ['{"weird": true}', 'Error'],
  ])('reduces %j to the error class %s', (reason, label) => {
    expect(settledReasonLabel('failed', reason)).toBe(label);
    expect(settledReasonLabel('retry', reason)).toBe(label);
  });
});
