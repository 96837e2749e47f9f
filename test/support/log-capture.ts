import type { LogStream } from '../../src/common/logging/log-stream.module';

/** A log stream that keeps every line, for tests that search what was logged. */
export class LogCapture implements LogStream {
  readonly lines: string[] = [];

  write(line: string): boolean {
    this.lines.push(line);
    return true;
  }

  get text(): string {
    return this.lines.join('');
  }

  /** Parsed JSON lines whose `msg` equals the given message. */
  entries(msg: string): Array<Record<string, unknown>> {
    return this.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === msg);
  }
}
