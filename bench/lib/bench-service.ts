import type { BenchContext } from './context';
import { startService, type RunningService } from './service';

/**
 * The service under test, as every scenario starts it. `candidate` starts the
 * build given with --compare instead, under its own name in the CPU accounting.
 */
export function startBenchService(
  ctx: BenchContext,
  env: Record<string, string>,
  candidate = false,
): Promise<RunningService> {
  const main = candidate ? ctx.candidateMain : ctx.serviceMain;
  if (!main) throw new Error('no candidate build: pass --compare=DIR');
  return startService(ctx.registry, {
    name: candidate ? 'candidate' : 'service',
    env,
    guard: ctx.guard,
    cwd: ctx.scratchDir,
    main,
  });
}
