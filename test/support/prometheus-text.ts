/**
 * Reads Prometheus' text exposition format, enough to assert on values:
 * `name{label="value",...} number` lines; comments and blank lines skipped.
 */
export class PrometheusText {
  private readonly samples: Array<{ name: string; labels: Record<string, string>; value: number }>;

  constructor(readonly text: string) {
    this.samples = text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
        if (!match) throw new Error(`Not a Prometheus sample: ${line}`);
        const labels: Record<string, string> = {};
        for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
          labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
        }
        return { name: match[1], labels, value: Number(match[3]) };
      });
  }

  /** The sample with exactly these labels (others absent), or 0 when the series does not exist yet. */
  value(name: string, labels: Record<string, string> = {}): number {
    const wanted = Object.entries(labels);
    const sample = this.samples.find(
      (s) =>
        s.name === name &&
        Object.keys(s.labels).length === wanted.length &&
        wanted.every(([key, value]) => s.labels[key] === value),
    );
    return sample?.value ?? 0;
  }

  /** Sum over every series of `name` whose labels include these. */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.samples
      .filter(
        (s) =>
          s.name === name &&
          Object.entries(labels).every(([key, value]) => s.labels[key] === value),
      )
      .reduce((total, s) => total + s.value, 0);
  }

  has(name: string): boolean {
    return this.samples.some((s) => s.name === name);
  }
}
