/**
 * The service under test: `node dist/main.js` in a child process of its own,
 * configured only through its environment, with the bench's guard preloaded.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceGuardCommands, ServiceProcessStats } from '../children/service-guard.protocol';
import { IpcClient } from './ipc';
import { freePort, statusOf } from './net';
import { DIST_MAIN, REPO_ROOT } from './paths';
import { readMemory, type ProcMemory } from './proc';
import type { ChildHandle, ProcessRegistry } from './processes';

export interface ServiceLaunch {
  name: string;
  /** The service's whole configuration (nothing is inherited from the bench's environment). */
  env: Record<string, string>;
  /** Preload path from buildServiceGuard. */
  guard: string;
  /** Working directory: a scratch directory, so no developer's .env is picked up. */
  cwd: string;
  /** The compiled entry point; default dist/main.js. */
  main?: string;
}

export interface RunningService {
  name: string;
  url: string;
  pid: number;
  handle: ChildHandle;
  /** Spawn to first `200` from GET /api/health, ms. */
  startupMs: number;
  memory(): ProcMemory;
  stats(): Promise<ServiceProcessStats>;
  /** Heap in use after a full garbage collection, bytes (collects: call only after measuring). */
  liveHeap(): Promise<number>;
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<void>;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;

export async function startService(
  registry: ProcessRegistry,
  launch: ServiceLaunch,
): Promise<RunningService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const handle = registry.spawn(
    launch.name,
    process.execPath,
    ['-r', launch.guard, launch.main ?? DIST_MAIN],
    {
      cwd: launch.cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        // A build copied elsewhere (--dist, --compare) still finds the project's packages.
        NODE_PATH: join(REPO_ROOT, 'node_modules'),
        ...launch.env,
        PORT: String(port),
      },
    },
  );
  let exited = false;
  void handle.exited.then(() => (exited = true));
  for (;;) {
    if (exited) {
      throw new Error(`${launch.name} exited during start-up:\n${handle.output()}`);
    }
    if ((await statusOf(`${url}/api/health`, 500)) === 200) break;
    if (performance.now() - started > STARTUP_TIMEOUT_MS) {
      await handle.stop();
      throw new Error(`${launch.name} was not healthy after ${STARTUP_TIMEOUT_MS} ms`);
    }
    await sleep(5);
  }
  const startupMs = performance.now() - started;
  const client = new IpcClient<ServiceGuardCommands>(handle.child);
  return {
    name: launch.name,
    url,
    pid: handle.pid,
    handle,
    startupMs,
    memory: () => readMemory(handle.pid),
    stats: () => client.call('stats', null),
    liveHeap: () => client.call('liveHeap', null),
    profileStart: async () => {
      await client.call('profileStart', null);
    },
    profileStop: async (file) => {
      await client.call('profileStop', { file }, 120_000);
    },
    stop: () => handle.stop(15_000),
  };
}
