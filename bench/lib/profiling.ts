/**
 * --profile: after a measurement, one more load on the service alone, under
 * V8's CPU profiler (the same profiler as `node --cpu-prof`), saved as
 * bench/results/<mode>-<name>.cpuprofile (open it in Chrome DevTools) with a
 * text summary beside it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './context';
import { renderProfile, summarizeProfile } from './cpu-profile';
import { log } from './log';
import type { MeasuredRound } from './measured-load';
import { RESULTS_DIR } from './paths';
import type { RunningService } from './service';

/** Runs `work` under the profiler; `work` answers the summary's title (what was done, how fast). */
export async function profileWork(
  ctx: BenchContext,
  service: RunningService,
  name: string,
  work: () => Promise<string>,
): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${ctx.config.mode}-${name}.cpuprofile`);
  await service.profileStart();
  const title = await work();
  await service.profileStop(file);
  const text = renderProfile(title, summarizeProfile(file));
  writeFileSync(file.replace(/\.cpuprofile$/, '.txt'), text);
  log(`CPU profile: ${file} (summary beside it)`);
  console.log(text);
}

/** profileWork for an HTTP load: the title gives its rate and the service's CPU. */
export function profileLoad(
  ctx: BenchContext,
  service: RunningService,
  name: string,
  load: () => Promise<MeasuredRound>,
): Promise<void> {
  return profileWork(ctx, service, name, async () => {
    const round = await load();
    return (
      `Service CPU profile, ${name}: ${round.load.rps.toFixed(0)} req/s, ` +
      `service ${(round.cpu.cores.service ?? 0).toFixed(2)} cores`
    );
  });
}
