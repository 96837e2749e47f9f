/**
 * The operator CLI as a child process, the way an operator runs it. The
 * sources are compiled once per test file (tsc without type checking, a few
 * seconds) into a temporary directory: every later start then costs plain
 * JavaScript loading instead of transpiling the whole module graph again,
 * and no prior `npm run build` is needed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface CliBuild {
  /** The compiled src/cli/main.js. */
  main: string;
  /** The build's own directory: holds no .env, so it is the working directory of every run. */
  dir: string;
  remove(): Promise<void>;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  result: Promise<CliResult>;
}

function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export async function buildCli(): Promise<CliBuild> {
  const outDir = await mkdtemp(join(tmpdir(), 'natca-cli-'));
  const tsc = spawn(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
      '--noCheck',
      '--outDir',
      outDir,
      '--incremental',
      'false',
      '--sourceMap',
      'false',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const result = await collect(tsc);
  if (result.code !== 0) {
    await rm(outDir, { recursive: true, force: true });
    throw new Error(`Compiling the CLI failed:\n${result.stdout}${result.stderr}`);
  }
  return {
    main: join(outDir, 'cli', 'main.js'),
    dir: outDir,
    remove: () => rm(outDir, { recursive: true, force: true }),
  };
}

/**
 * Starts `cli <args>` with exactly `env` (plus PATH), from a directory with
 * no .env, so that no developer's settings leak in.
 */
export function startCli(build: CliBuild, args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [build.main, ...args], {
    cwd: build.dir,
    env: {
      PATH: process.env.PATH ?? '',
      // The compiled files live outside the repository: their packages are the repository's.
      NODE_PATH: join(ROOT, 'node_modules'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, result: collect(child) };
}

export function runCli(
  build: CliBuild,
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  return startCli(build, args, env).result;
}
