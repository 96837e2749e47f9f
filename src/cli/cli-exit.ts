/** The CLI's exit codes (docs/reference.md, "Operator commands"). */
export const EXIT = {
  ok: 0,
  /** Some items failed, or the command could not do its work. */
  failed: 1,
  /** Bad usage: unknown command or option, bad value, invalid configuration. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An expected failure: its message is the whole story, printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
