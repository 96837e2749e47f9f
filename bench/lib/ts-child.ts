/**
 * Starts a helper in its own Node process, so doubles and baselines never
 * share an event loop with the load generator or with the service:
 *  - `ts`: a bench/children file that imports the test support (through ts-node);
 *  - `compiled`: a file compileHelpers transpiled (plain node, no ts-node).
 */
import { join } from 'node:path';
import { CHILD_INIT_ENV } from './child-init';
import { compiledPath } from './compile';
import { IpcClient, type CommandMap } from './ipc';
import { REPO_ROOT } from './paths';
import type { ChildHandle, ProcessRegistry } from './processes';

export interface TsChild<C extends CommandMap, R> {
  handle: ChildHandle;
  client: IpcClient<C>;
  info: R;
}

export type ChildEntry = { ts: string } | { compiled: string; dir: string };

export async function startTsChild<C extends CommandMap, R>(
  registry: ProcessRegistry,
  name: string,
  entry: ChildEntry,
  init: unknown,
): Promise<TsChild<C, R>> {
  const args =
    'ts' in entry
      ? ['-r', 'ts-node/register/transpile-only', join(REPO_ROOT, entry.ts)]
      : [compiledPath(entry.dir, entry.compiled)];
  const handle = registry.spawn(name, process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      NODE_PATH: join(REPO_ROOT, 'node_modules'),
      TS_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json'),
      [CHILD_INIT_ENV]: JSON.stringify(init),
    },
  });
  try {
    const info = await IpcClient.ready<R>(handle.child, name);
    return { handle, client: new IpcClient<C>(handle.child), info };
  } catch (error) {
    await handle.stop();
    throw new Error(`${(error as Error).message}\n${handle.output()}`);
  }
}
