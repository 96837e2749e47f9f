import { QueryFailedError } from 'typeorm';
import { TimeoutError } from '../async/with-timeout';
import { isConnectionLoss, readRetryingConnectionLoss } from './connection-loss';

const driverError = (fields: Record<string, unknown>) =>
  Object.assign(new Error('driver error'), fields);

describe('isConnectionLoss', () => {
  it.each([
    ['ECONNRESET'],
    ['PROTOCOL_CONNECTION_LOST'],
    ['PROTOCOL_SEQUENCE_TIMEOUT'],
    ['EPIPE'],
    ['ER_CLIENT_INTERACTION_TIMEOUT'],
  ])('%s, bare or inside TypeORM’s QueryFailedError', (code) => {
    expect(isConnectionLoss(driverError({ code }))).toBe(true);
    expect(isConnectionLoss(new QueryFailedError('SELECT 1', [], driverError({ code })))).toBe(
      true,
    );
  });

  it('any error mysql2 marks fatal (e.g. a command on a connection already closed)', () => {
    expect(isConnectionLoss(driverError({ fatal: true }))).toBe(true);
  });

  it('not statement errors, nor the caller’s own deadline', () => {
    expect(isConnectionLoss(driverError({ code: 'ER_NO_SUCH_TABLE', fatal: false }))).toBe(false);
    expect(isConnectionLoss(new TimeoutError('member look-up', 100))).toBe(false);
    expect(isConnectionLoss(undefined)).toBe(false);
  });
});

describe('readRetryingConnectionLoss', () => {
  it('tries once more after a lost connection, and answers with the second try', async () => {
    const read = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(driverError({ code: 'ECONNRESET', fatal: true }))
      .mockResolvedValueOnce('member');
    await expect(readRetryingConnectionLoss(read, 1_000, 'read')).resolves.toBe('member');
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('tries only once more: a second loss is thrown', async () => {
    const lost = driverError({ code: 'PROTOCOL_CONNECTION_LOST', fatal: true });
    const read = jest.fn<Promise<string>, []>().mockRejectedValue(lost);
    await expect(readRetryingConnectionLoss(read, 1_000, 'read')).rejects.toBe(lost);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('does not repeat a statement error', async () => {
    const refused = driverError({ code: 'ER_PARSE_ERROR' });
    const read = jest.fn<Promise<string>, []>().mockRejectedValue(refused);
    await expect(readRetryingConnectionLoss(read, 1_000, 'read')).rejects.toBe(refused);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('keeps one deadline for both tries: a read that ran out of time is not repeated', async () => {
    const read = jest.fn<Promise<string>, []>(() => new Promise(() => undefined));
    await expect(readRetryingConnectionLoss(read, 50, 'member look-up')).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('the retry gets only what is left of the deadline', async () => {
    const started = Date.now();
    const read = jest
      .fn<Promise<string>, []>()
      .mockImplementationOnce(
        () =>
          new Promise((_, reject) =>
            setTimeout(() => reject(driverError({ code: 'ECONNRESET' })), 60),
          ),
      )
      .mockImplementationOnce(() => new Promise(() => undefined));
    await expect(readRetryingConnectionLoss(read, 150, 'read')).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(read).toHaveBeenCalledTimes(2);
    expect(Date.now() - started).toBeLessThan(300);
  });
});
