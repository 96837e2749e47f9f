import { Logger } from '@nestjs/common';
import { createBootstrapLogger } from './bootstrap-logger';

/** Every line the logger wrote, parsed: each must be one JSON object. */
function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createBootstrapLogger(
    { level, pretty: false },
    { write: (line: string) => lines.push(line) },
  );
  const entries = () =>
    lines.map((line) => {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.trimEnd()).not.toContain('\n');
      return JSON.parse(line) as Record<string, unknown>;
    });
  return { logger, lines, entries };
}

describe('BootstrapLogger', () => {
  afterEach(() => {
    // Logger.overrideLogger is process-wide: put Nest's default back.
    Logger.overrideLogger(true);
  });

  it("writes Nest's own lines as JSON with their context", () => {
    const { logger, entries } = capture();
    Logger.overrideLogger(logger);
    new Logger('NestFactory').log('Starting Nest application...');
    Logger.warn('Supabase is not configured', 'SupabasePositionsRepository');

    expect(entries()).toEqual([
      expect.objectContaining({
        level: 30,
        context: 'NestFactory',
        msg: 'Starting Nest application...',
      }),
      expect.objectContaining({
        level: 40,
        context: 'SupabasePositionsRepository',
        msg: 'Supabase is not configured',
      }),
    ]);
  });

  it("keeps TypeORM's retry line with its stack on one JSON line", () => {
    const { logger, lines, entries } = capture();
    Logger.overrideLogger(logger);
    const stack = 'Error: connect ECONNREFUSED 127.0.0.1:1\n    at TCPConnectWrap.afterConnect';
    // What @nestjs/typeorm does when a connection fails.
    new Logger('TypeOrmModule').error('Unable to connect to the database. Retrying (1)...', stack);

    expect(lines).toHaveLength(1);
    expect(entries()[0]).toMatchObject({
      level: 50,
      context: 'TypeOrmModule',
      msg: 'Unable to connect to the database. Retrying (1)...',
      err: { stack },
    });
  });

  it('merges an object message into the line, msg included', () => {
    const { logger, entries } = capture();
    logger.warn({ msg: 'MySQL not reachable yet, retrying', host: 'db', port: 3306, attempt: 2 });
    expect(entries()).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'MySQL not reachable yet, retrying',
        host: 'db',
        port: 3306,
        attempt: 2,
      }),
    ]);
  });

  it('puts an Error under err, as one line', () => {
    const { logger, entries } = capture();
    logger.error(new Error('listen EADDRINUSE'), 'NestApplication');
    expect(entries()).toEqual([
      expect.objectContaining({
        level: 50,
        context: 'NestApplication',
        err: expect.objectContaining({ message: 'listen EADDRINUSE' }) as unknown,
      }),
    ]);
  });

  it('honours the level', () => {
    const { logger, lines } = capture('warn');
    logger.log('not shown');
    logger.debug('not shown');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
  });
});
