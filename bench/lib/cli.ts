/**
 * The service's operator CLI (`node dist/cli/main.js …`, next to the measured
 * build's main.js), run to its end in a child process of its own, configured
 * only through its environment, with the bench's guard preloaded.
 */
import { dirname, join } from 'node:path';
import type { BenchContext } from './context';
import { REPO_ROOT } from './paths';

/** Runs the CLI to its end; answers its output (its summary), throws unless it exits with 0. */
export async function runCli(
  ctx: BenchContext,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<string> {
  const main = join(dirname(ctx.serviceMain), 'cli', 'main.js');
  const started = Date.now();
  const handle = ctx.registry.spawn('cli', process.execPath, ['-r', ctx.guard, main, ...args], {
    cwd: ctx.scratchDir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_PATH: join(REPO_ROOT, 'node_modules'),
      ...env,
    },
  });
  const timer = setTimeout(() => void handle.stop(), timeoutMs);
  const exitCode = await handle.exited;
  clearTimeout(timer);
  if (exitCode !== 0) {
    const seconds = (Date.now() - started) / 1000;
    throw new Error(
      `npm run cli -- ${args.join(' ')} ended with ${exitCode} after ${seconds.toFixed(1)} s` +
        `${seconds * 1000 >= timeoutMs ? ' (stopped: too long)' : ''}:\n${handle.output()}`,
    );
  }
  return handle.output();
}
