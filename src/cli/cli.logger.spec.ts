import { CliLogger } from './cli.logger';

describe('CliLogger', () => {
  const capture = (level: 'warn' | 'log') => {
    let text = '';
    const logger = new CliLogger(level, {
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
    } as NodeJS.WritableStream);
    return { logger, text: () => text };
  };

  it('shows the fields that have a value, not `sql=undefined`', () => {
    const { logger, text } = capture('warn');
    logger.error({ msg: 'Query failed', code: 'ER_NO_SUCH_TABLE', sql: undefined, errno: 1146 });
    expect(text()).toBe('error: Query failed code=ER_NO_SUCH_TABLE errno=1146\n');
  });

  it('hides info lines unless verbose', () => {
    const quiet = capture('warn');
    quiet.logger.log('started');
    expect(quiet.text()).toBe('');
    const verbose = capture('log');
    verbose.logger.log('started');
    expect(verbose.text()).toBe('info: started\n');
  });
});
