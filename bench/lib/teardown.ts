/** Clean-up steps, run last-in first-out exactly once, each failure reported but not fatal. */
import { log } from './log';

export class Teardown {
  private readonly steps: Array<{ name: string; run: () => Promise<void> | void }> = [];
  private running: Promise<void> | undefined;

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length > 0) {
        const step = this.steps.pop();
        if (!step) break;
        try {
          await step.run();
        } catch (error) {
          log(`clean-up "${step.name}" failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}
