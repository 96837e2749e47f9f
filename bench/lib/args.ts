/** Command-line options of `npm run bench -- …`. */
export const SCENARIOS = ['lookup', 'webhook', 'enrichment', 'member-sync', 'freshness'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchArgs {
  quick: boolean;
  /** Build dist/ when it is missing or older than src/ (default on). */
  build: boolean;
  only: ReadonlySet<ScenarioName>;
  /** Where the report goes; default BENCHMARKS.md for a full run, bench/results/quick.md for --quick. */
  output?: string;
  /** Another compiled service to measure (e.g. a patched copy of dist/), instead of dist/. */
  dist?: string;
}

export const USAGE = `npm run bench -- [options]
  --quick          smoke run with short loads, few rounds and a 20 s member sync interval
                   (about 6 minutes; report in bench/results/quick.md)
  --only=a,b       run only some of: ${SCENARIOS.join(', ')}
  --no-build       do not rebuild dist/ even when src/ is newer
  --output=FILE    write the report there (default: BENCHMARKS.md; bench/results/quick.md with --quick)
  --dist=DIR       measure the compiled service in DIR instead of dist/ (no build)
  --help`;

export function parseArgs(argv: readonly string[]): BenchArgs | 'help' {
  const args: BenchArgs = { quick: false, build: true, only: new Set(SCENARIOS) };
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2);
    switch (flag) {
      case '--quick':
        args.quick = true;
        break;
      case '--no-build':
        args.build = false;
        break;
      case '--output':
      case '--dist':
        if (!value) throw new Error(`${flag} needs a value: ${flag}=…`);
        args[flag === '--output' ? 'output' : 'dist'] = value;
        break;
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
