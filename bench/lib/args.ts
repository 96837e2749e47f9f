/** Command-line options of `npm run bench -- …`. */
export const SCENARIOS = ['footprint', 'webhook', 'lookup', 'enrichment', 'member-sync'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchArgs {
  quick: boolean;
  /** Build dist/ when it is missing or older than src/ (default on). */
  build: boolean;
  only: ReadonlySet<ScenarioName>;
  /** CPU-profile the service during the measured rounds. */
  profile: boolean;
  /** Where the report goes; default BENCHMARKS.md for a full run, bench/results/ for --quick. */
  output?: string;
  /** Another compiled service to measure (e.g. a patched copy of dist/), instead of dist/. */
  dist?: string;
  /** Another compiled service measured in alternation with dist/ (webhook and lookup). */
  compare?: string;
  /** Webhook concurrency levels, instead of the configured ones. */
  connections?: number[];
  /**
   * INTERCOM_RATE_LIMIT where a double enforces a limit: `set` to the double's limit,
   * `unset` (for a limiter that follows Intercom's X-RateLimit-Limit), or `auto`: unset
   * when the measured build has no default limit (it follows the headers), else set.
   */
  intercomLimit: 'auto' | 'set' | 'unset';
}

export const USAGE = `npm run bench -- [options]
  --quick            smoke run, about 7 minutes (3 rounds, short loads; under 2 without
                     enrichment and member-sync, whose Intercom windows take their time)
  --only=a,b         run only some of: ${SCENARIOS.join(', ')}
  --profile          CPU-profile the service during the measured rounds (bench/results/*.cpuprofile)
  --no-build         do not rebuild dist/ even when src/ is newer
  --output=FILE      write the report there (default: BENCHMARKS.md; bench/results/quick.md with --quick)
  --dist=DIR         measure the compiled service in DIR instead of dist/ (A/B a change; no build)
  --compare=DIR      also measure the compiled service in DIR, alternating with dist/ (webhook, lookup)
  --connections=a,b  webhook concurrency levels (default 1,16,64)
  --intercom-limit=auto|set|unset
                     INTERCOM_RATE_LIMIT against a rate-limited double: set to its limit, or
                     unset; auto (default): unset when the build has no default limit
                     (it follows X-RateLimit-Limit), else set. INTERCOM_RATE_WINDOW_MS is always set
  --help`;

export function parseArgs(argv: readonly string[]): BenchArgs | 'help' {
  const args: BenchArgs = {
    quick: false,
    build: true,
    only: new Set(SCENARIOS),
    profile: false,
    intercomLimit: 'auto',
  };
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2);
    switch (flag) {
      case '--quick':
        args.quick = true;
        break;
      case '--no-build':
        args.build = false;
        break;
      case '--profile':
        args.profile = true;
        break;
      case '--intercom-limit':
        if (value !== 'auto' && value !== 'set' && value !== 'unset') {
          throw new Error('--intercom-limit takes auto, set or unset');
        }
        args.intercomLimit = value;
        break;
      case '--output':
        if (!value) throw new Error('--output needs a file: --output=FILE');
        args.output = value;
        break;
      case '--dist':
        if (!value) throw new Error('--dist needs a directory: --dist=DIR');
        args.dist = value;
        break;
      case '--compare':
        if (!value) throw new Error('--compare needs a directory: --compare=DIR');
        args.compare = value;
        break;
      case '--connections': {
        const levels = (value ?? '').split(',').map(Number);
        if (levels.length === 0 || levels.some((n) => !Number.isInteger(n) || n < 1)) {
          throw new Error('--connections takes positive integers: --connections=16,64');
        }
        args.connections = levels;
        break;
      }
      case '--only': {
        const names = (value ?? '').split(',').filter(Boolean);
        const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
        if (names.length === 0 || unknown.length > 0) {
          throw new Error(`--only takes some of ${SCENARIOS.join(', ')}`);
        }
        args.only = new Set(names as ScenarioName[]);
        break;
      }
      case '--help':
      case '-h':
        return 'help';
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return args;
}
