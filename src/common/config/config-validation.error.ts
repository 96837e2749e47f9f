/** One wrong variable: its name and what is wrong, never its value. */
export interface ConfigProblem {
  variable: string;
  detail: string;
}

/**
 * Raised when the configuration has wrong variables: all of them at once, so that an
 * operator fixes everything in one go instead of one variable per restart. The message is
 * one line per variable (`Invalid configuration: PORT must be a number`) and never holds a
 * value, so a mistyped secret cannot end up in a log.
 */
export class ConfigValidationError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      problems
        .map(({ variable, detail }) => `Invalid configuration: ${variable} ${detail}`)
        .join('\n'),
    );
    this.name = 'ConfigValidationError';
    this.problems = problems;
  }

  /** The first wrong variable's name. */
  get variable(): string {
    return this.problems[0]?.variable ?? 'environment';
  }

  /** One line per wrong variable, for a plain-text report (standard error, a CLI). */
  get lines(): string[] {
    return this.message.split('\n');
  }
}
