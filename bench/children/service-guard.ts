/**
 * Preloaded (`node -r`) into the service's process, transpiled to plain
 * JavaScript at run time so the service never loads ts-node. It only
 *  - ends the service (SIGTERM, its normal shutdown) when the bench goes away,
 *    so a crashed or killed bench leaves no orphan behind;
 *  - starts and stops V8's CPU profiler on request (the same profiler as
 *    `node --cpu-prof`, limited to the load being studied);
 *  - reports event-loop utilisation and heap use, and the live heap after a
 *    full collection (asked for only once the loads are over).
 * It never touches the application itself.
 */
import { writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { serveIpc } from '../lib/ipc';
import type { ServiceGuardCommands } from './service-guard.protocol';

const session = new Session();
let lastElu: EventLoopUtilization = performance.eventLoopUtilization();

function post<T>(method: string): Promise<T> {
  return new Promise<T>((resolve, reject) =>
    session.post(method, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

serveIpc<ServiceGuardCommands>(
  {
    profileStart: async () => {
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.start');
      return null;
    },
    profileStop: async ({ file }) => {
      const { profile } = await post<{ profile: Profiler.Profile }>('Profiler.stop');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      return null;
    },
    liveHeap: () => {
      // The gc() function without starting the service with --expose-gc.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      gc();
      return process.memoryUsage().heapUsed;
    },
    stats: () => {
      const now = performance.eventLoopUtilization();
      const delta = performance.eventLoopUtilization(now, lastElu);
      lastElu = now;
      const memory = process.memoryUsage();
      return {
        eventLoopUtilization: delta.utilization,
        heapUsedBytes: memory.heapUsed,
        rssBytes: memory.rss,
      };
    },
  },
  () => process.kill(process.pid, 'SIGTERM'),
);
// The channel must not keep the service alive: it shuts down exactly as it would without us.
process.channel?.unref();
