/**
 * The sandbox talks to a person: plain lines on standard output (the service's
 * own JSON logs share it, kept to warnings by LOG_LEVEL=warn), errors on standard error.
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
