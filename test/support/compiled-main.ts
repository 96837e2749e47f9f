/**
 * src/main.ts as plain JavaScript, for tests that start the service many times: the sources
 * are compiled once per test file (tsc without type checking, as test/support/cli-process.ts
 * does), so a start costs module loading only, not ts-node transpiling the whole graph.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { buildCli, type CliBuild } from './cli-process';

const ROOT = join(__dirname, '..', '..');

export interface MainBuild {
  /** The compiled src/main.js. */
  main: string;
  /** The compiled tree (what `npm run build` puts in dist/). */
  dir: string;
  remove(): Promise<void>;
}

export async function buildMain(): Promise<MainBuild> {
  const build: CliBuild = await buildCli();
  return { main: join(build.dir, 'main.js'), dir: build.dir, remove: build.remove };
}

export interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts the compiled service with exactly `env` (plus PATH, and NODE_PATH to the repository's
 * packages unless `nodePath` is false) in `cwd`, where a test may have written a `.env`.
 */
export function startMain(
  main: string,
  env: Record<string, string>,
  options: { cwd: string; nodePath?: boolean },
): Started {
  const child = spawn(process.execPath, [main], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      ...(options.nodePath === false ? {} : { NODE_PATH: join(ROOT, 'node_modules') }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves once `url`/api/health answers 200; throws with the output if the process exits. */
export async function untilAlive(started: Started, url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.child.exitCode !== null) {
      throw new Error(`The service exited:\n${started.stdout()}\n${started.stderr()}`);
    }
    const alive = await fetch(`${url}/api/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (alive) return;
    if (Date.now() > deadline) {
      throw new Error(
        `No answer within ${timeoutMs} ms:\n${started.stdout()}\n${started.stderr()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ends a started service (SIGTERM) and waits for its exit. */
export async function stopMain(started: Started): Promise<void> {
  if (started.child.exitCode === null && started.child.signalCode === null) {
    started.child.kill('SIGTERM');
  }
  await started.exited;
}
