/**
 * The sandbox talks to a person: plain lines on standard output (the service's
 * own JSON logs share it, kept to warnings by LOG_LEVEL=warn, less those about
 * 4xx answers: quietClientErrorLogs), errors on standard error.
 */
export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function complain(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** `label    text` lines, the labels padded to one width, indented under a heading. */
export function block(rows: ReadonlyArray<readonly [string, string]>, indent = '      '): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, text]) => `${indent}${label.padEnd(width)}  ${text}`);
}

/** pino's warn level: the service logs every 4xx answer at it. */
const WARN_LEVEL = 40;

/** A service log line about a 4xx answer: pino-http's `res.statusCode`, or a route's own `status`. */
export function isClientErrorLog(line: string): boolean {
  if (!line.startsWith(`{"level":${WARN_LEVEL},`)) return false;
  try {
    const entry = JSON.parse(line) as { res?: { statusCode?: unknown }; status?: unknown };
    const status = entry.res?.statusCode ?? entry.status;
    return typeof status === 'number' && status >= 400 && status < 500;
  } catch {
    return false;
  }
}

/**
 * Keeps the service's warnings about 4xx answers (a wrong key, a bad signature,
 * a mistyped body: the caller's mistakes, which the caller already sees) out of
 * the terminal, where someone trying the API would get one JSON line per try.
 * The service writes its JSON log lines to standard output one per call; every
 * other line, the sandbox's own included, goes through unchanged.
 */
export function quietClientErrorLogs(): void {
  const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
  const filtered = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (typeof chunk === 'string' && isClientErrorLog(chunk)) {
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    }
    return write(chunk, ...rest);
  };
  process.stdout.write = filtered;
}
