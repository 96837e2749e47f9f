/** A start that cannot go on, for a reason its message states in full: printed as is, no stack. */
export class SandboxStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxStartError';
  }
}
