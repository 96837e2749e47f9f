import { Module } from '@nestjs/common';

/**
 * Where log lines go: standard output. A token of its own so that tests can
 * capture the stream (overrideProvider) and search it for secrets.
 */
export const LOG_STREAM = Symbol('LOG_STREAM');

export interface LogStream {
  write(line: string): unknown;
}

@Module({
  providers: [{ provide: LOG_STREAM, useValue: process.stdout }],
  exports: [LOG_STREAM],
})
export class LogStreamModule {}
