import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger as Pino } from 'pino';

export interface BootstrapLoggerOptions {
  /** pino level (LOG_LEVEL). */
  level: string;
  /** Human-readable lines through pino-pretty (LOG_PRETTY, a development dependency). */
  pretty: boolean;
}

/** A stack trace as Nest passes it to error(): `Error: …\n    at …`. */
const looksLikeStack = (value: unknown): value is string =>
  typeof value === 'string' && /\n\s+at /.test(value);

/**
 * The process's logger before the Nest application exists and whenever it
 * cannot: the pre-start MySQL wait, Nest's own start-up lines, and a failed
 * start. JSON lines through pino, as the application's LoggingModule writes
 * them, so that a log pipeline can parse a process's output from its very
 * first line. Once the application is up, main.ts hands over to the
 * application's logger (app.useLogger).
 *
 * Nest calls `log(message, ...params, context)`: the last parameter is the
 * context (`NestFactory`, `TypeOrmModule`…), an object message is merged into
 * the line, an Error goes under `err`, and a stack passed to error() becomes
 * `err.stack` of that line instead of lines of its own.
 */
export class BootstrapLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const context = params.length > 0 ? params[params.length - 1] : undefined;
    if (typeof context === 'string') fields.context = context;
    const stack = params.slice(0, -1).find(looksLikeStack);
    if (message instanceof Error) {
      fields.err = message;
      this.pino[level](fields);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else if (stack !== undefined) {
      const err = new Error(String(message));
      err.stack = stack;
      this.pino[level]({ ...fields, err }, String(message));
    } else {
      this.pino[level](fields, String(message));
    }
  }
}

/**
 * A BootstrapLogger on standard output. Lines are written synchronously, so
 * that the last one is out before a `process.exit(1)`.
 */
export function createBootstrapLogger(
  options: BootstrapLoggerOptions,
  destination: DestinationStream = pino.destination({ dest: 1, sync: true }),
): BootstrapLogger {
  if (options.pretty) {
    return new BootstrapLogger(
      pino({
        level: options.level,
        transport: {
          target: 'pino-pretty',
          options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', sync: true },
        },
      }),
    );
  }
  return new BootstrapLogger(pino({ level: options.level }, destination));
}
