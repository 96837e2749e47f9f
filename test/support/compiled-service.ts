/**
 * The service as `npm run build && npm start` makes it: compiled by the Nest
 * CLI with the repository's nest-cli.json (its compiler options and any
 * compiler plugin), into a temporary directory so that dist/ is left alone,
 * then started with node on embedded databases (DB_TYPE=sqljs). For tests
 * that compare what the build serves with what ts-node serves.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { freePort } from './service-process';

const ROOT = join(__dirname, '..', '..');

export interface ServiceBuild {
  /** The compiled src/main.js. */
  main: string;
  /** The build's own directory: holds no .env, so it is the working directory of every run. */
  dir: string;
  remove(): Promise<void>;
}

export interface CompiledService {
  url: string;
  stop(): Promise<void>;
}

/** Runs `command` (node by default) to its end; its standard output and error together. */
export function run(
  args: string[],
  cwd: string,
  command: string = process.execPath,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

export async function buildService(): Promise<ServiceBuild> {
  const dir = await mkdtemp(join(tmpdir(), 'natca-build-'));
  const outDir = join(dir, 'dist');
  const tsconfig = join(dir, 'tsconfig.json');
  await writeFile(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.build.json'),
      compilerOptions: { outDir, incremental: false, sourceMap: false },
    }),
  );
  // The Nest CLI takes the tsconfig path relative to the project directory.
  const result = await run(
    [require.resolve('@nestjs/cli/bin/nest.js'), 'build', '--path', relative(ROOT, tsconfig)],
    ROOT,
  );
  if (result.code !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`nest build failed:\n${result.output}`);
  }
  return {
    main: join(outDir, 'main.js'),
    dir,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Starts the build's main.js with exactly `env` (plus PATH), on SQLite, and waits until it answers. */
export async function startCompiledService(
  build: ServiceBuild,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<CompiledService> {
  const port = await freePort();
  const child = spawn(process.execPath, [build.main], {
    cwd: build.dir,
    env: {
      PATH: process.env.PATH ?? '',
      // The compiled files live outside the repository: their packages are the repository's.
      NODE_PATH: join(ROOT, 'node_modules'),
      NODE_ENV: 'development',
      DB_TYPE: 'sqljs',
      LOG_LEVEL: 'warn',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The compiled service exited:\n${output}`);
    const healthy = await fetch(`${url}/api/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) return { url, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The compiled service did not answer within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
