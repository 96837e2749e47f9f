import { CommanderError } from 'commander';
import { buildProgram } from './cli-program';
import { EXIT } from './cli-exit';

describe('buildProgram: options that take text', () => {
  let actions: Record<'sync' | 'backfill' | 'replay' | 'setup', jest.Mock>;
  let stderr: jest.SpyInstance;

  const run = (...args: string[]) =>
    buildProgram(actions, () => undefined).parseAsync(args, {
      from: 'user',
    });

  beforeEach(() => {
    const ok = () => jest.fn().mockResolvedValue(EXIT.ok);
    actions = { sync: ok(), backfill: ok(), replay: ok(), setup: ok() };
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
