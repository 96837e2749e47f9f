import type { LoggerService, LogLevel } from '@nestjs/common';

const RANK: Record<LogLevel, number> = {
  fatal: 0,
  error: 1,
  warn: 2,
  log: 3,
  debug: 4,
  verbose: 5,
};

function text(message: unknown): string {
  if (message === null || typeof message !== 'object') return String(message);
  const { msg, ...fields } = message as Record<string, unknown>;
  // `sql=undefined` and the like say nothing: only fields with a value are shown.
  const details = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [typeof msg === 'string' ? msg : '', ...details].filter((part) => part !== '').join(' ');
}

/**
 * The services' log lines, for a person at a terminal: one short line each
 * on standard error, so that standard output holds only the command's result.
 * Warnings and errors by default; `--verbose` shows everything the service
 * would log at info level.
 */
export class CliLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel,
    private readonly stream: NodeJS.WritableStream = process.stderr,
  ) {}

  log(message: unknown): void {
    this.write('log', message);
  }

  error(message: unknown): void {
    this.write('error', message);
  }

  warn(message: unknown): void {
    this.write('warn', message);
  }

  debug(message: unknown): void {
    this.write('debug', message);
  }

  verbose(message: unknown): void {
    this.write('verbose', message);
  }

  fatal(message: unknown): void {
    this.write('fatal', message);
  }

  private write(level: LogLevel, message: unknown): void {
    if (RANK[level] > RANK[this.level]) return;
    this.stream.write(`${level === 'log' ? 'info' : level}: ${text(message)}\n`);
  }
}
