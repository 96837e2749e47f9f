import { TimeoutError } from '../common/async/with-timeout';
import { unavailableReason } from './unavailable-reason';

describe('unavailableReason', () => {
  it('says what happened in plain words, with the error class, never the message', () => {
    expect(unavailableReason(new TimeoutError('MySQL ping', 2000))).toBe(
      'no answer in time (TimeoutError)',
    );
    const refused = Object.assign(new Error("Access denied for user 'svc'@'10.0.0.7'"), {
      name: 'QueryFailedError',
      driverError: { code: 'ER_ACCESS_DENIED_ERROR' },
    });
    expect(unavailableReason(refused)).toBe('refused: ER_ACCESS_DENIED_ERROR (QueryFailedError)');
    const down = Object.assign(new Error('TypeError: fetch failed'), {
      name: 'PositionsUnavailableError',
    });
    expect(unavailableReason(down)).toBe('unreachable (PositionsUnavailableError)');
    expect(unavailableReason(new Error('db.internal.example:3306 said no'))).toBe('failed (Error)');
    expect(unavailableReason('not an error')).toBe('unavailable');
  });
});
