/** Commands the preloaded guard answers inside the service process. */
export interface ServiceProcessStats {
  /** Event-loop utilisation (0..1) since the previous call. */
  eventLoopUtilization: number;
  heapUsedBytes: number;
  rssBytes: number;
}

export type ServiceGuardCommands = {
  profileStart: { args: null; result: null };
  /** Stops the CPU profiler and writes the .cpuprofile to `file`. */
  profileStop: { args: { file: string }; result: null };
  stats: { args: null; result: ServiceProcessStats };
  /** Runs a full garbage collection, then answers the heap still in use (live objects), bytes. */
  liveHeap: { args: null; result: number };
};
