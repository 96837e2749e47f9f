import { CommanderError } from 'commander';
import { buildProgram } from './cli-program';
import { EXIT } from './cli-exit';

describe('buildProgram: options that take text', () => {
  let actions: Record<'sync' | 'backfill' | 'replay' | 'setup' | 'refresh', jest.Mock>;
  let stderr: jest.SpyInstance;

  const run = (...args: string[]) =>
    buildProgram(actions, () => undefined).parseAsync(args, {
      from: 'user',
    });

  beforeEach(() => {
    const ok = () => jest.fn().mockResolvedValue(EXIT.ok);
    actions = { sync: ok(), backfill: ok(), replay: ok(), setup: ok(), refresh: ok() };
    // Commander prints its usage errors; keep the test output clean.
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    stderr.mockRestore();
  });

  // main.ts turns every CommanderError into exit 2 (bad usage), before any command runs.
  it.each([
    ['sync --member', ['sync', '--member', '12\uD80045']],
    ['sync --email', ['sync', '--email', '\uD800@example.com']],
    ['replay <id>', ['replay', 'notif_\uDC00']],
  ])('refuses %s with a lone surrogate as bad usage', async (_label, args) => {
    await expect(run(...args)).rejects.toBeInstanceOf(CommanderError);
    await expect(run(...args)).rejects.toMatchObject({
      code: 'commander.invalidArgument',
      message: expect.stringContaining('is not well-formed Unicode text.') as string,
    });
    expect(actions.sync).not.toHaveBeenCalled();
    expect(actions.replay).not.toHaveBeenCalled();
  });

  it.each([['abc'], ['12a45'], ['-1'], ['12 345'], ['1'.repeat(17)], ['   ']])(
    'refuses sync --member %j as bad usage: member numbers are 1 to 16 digits',
    async (value) => {
      await expect(run('sync', '--member', value)).rejects.toMatchObject({
        code: 'commander.invalidArgument',
        message: expect.stringContaining('must be a member number: 1 to 16 digits.') as string,
      });
      expect(actions.sync).not.toHaveBeenCalled();
    },
  );

  it('takes a member number of up to 16 digits, trimmed, leading zeros kept', async () => {
    await run('sync', '--member', ' 0012345678901234 ');
    expect(actions.sync).toHaveBeenLastCalledWith(
      { member: '0012345678901234', email: undefined, dryRun: false },
      { verbose: false },
    );
  });

  it('refresh: no option is the incremental run; --all and --member are exclusive', async () => {
    await run('refresh');
    expect(actions.refresh).toHaveBeenLastCalledWith(
      { all: false, member: undefined, dryRun: false },
      { verbose: false },
    );
    await run('refresh', '--all', '--dry-run');
    expect(actions.refresh).toHaveBeenLastCalledWith(
      { all: true, member: undefined, dryRun: true },
      { verbose: false },
    );
    await run('refresh', '--member', ' 0042 ');
    expect(actions.refresh).toHaveBeenLastCalledWith(
      { all: false, member: '0042', dryRun: false },
      { verbose: false },
    );
    actions.refresh.mockClear();
    await expect(run('refresh', '--all', '--member', '1')).rejects.toBeInstanceOf(CommanderError);
    await expect(run('refresh', '--member', 'abc')).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
    expect(actions.refresh).not.toHaveBeenCalled();
  });

  it('still takes well-formed text, surrogate pairs included', async () => {
    await run('sync', '--member', ' 12345 ');
    expect(actions.sync).toHaveBeenLastCalledWith(
      { member: '12345', email: undefined, dryRun: false },
      { verbose: false },
    );
    await run('sync', '--email', 'j\u00FCrgen\uD83D\uDE00@example.com');
    expect(actions.sync).toHaveBeenLastCalledWith(
      { member: undefined, email: 'j\u00FCrgen\uD83D\uDE00@example.com', dryRun: false },
      { verbose: false },
    );
    await run('replay', 'notif_\uD83D\uDE00');
    expect(actions.replay).toHaveBeenLastCalledWith(
      { notificationId: 'notif_\uD83D\uDE00' },
      { verbose: false },
    );
  });
});
