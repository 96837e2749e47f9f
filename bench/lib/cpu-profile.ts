/**
 * Reads a V8 .cpuprofile and says where the time went: self time by
 * function, and time by package (self, and inclusive: samples with at least
 * one frame of that package on the stack).
 */
import { readFileSync } from 'node:fs';
import { num } from './format';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<pkg> (scoped too), the service's own code, Node's internals, or V8's pseudo-frames. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return `(${functionName.replace(/[()]/g, '') || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  const own = /\/dist\/(.+)$/.exec(url);
  if (own) return `service: ${own[1].split('/').slice(0, 2).join('/')}`;
  return url;
}

export interface ProfileSummary {
  totalMs: number;
  /** Samples not spent waiting: the base of every percentage. */
  busyMs: number;
  functions: Array<{ name: string; selfMs: number }>;
  areasSelf: Array<{ name: string; ms: number }>;
  areasInclusive: Array<{ name: string; ms: number }>;
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );

  const functions = new Map<string, number>();
  const areasSelf = new Map<string, number>();
  const areasInclusive = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    const area = areaOf(url, functionName);
    areasSelf.set(area, (areasSelf.get(area) ?? 0) + us);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame && frame.url !== '') onStack.add(areaOf(frame.url, frame.functionName));
    }
    for (const name of onStack) areasInclusive.set(name, (areasInclusive.get(name) ?? 0) + us);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  const idle = areasSelf.get('(idle)') ?? 0;
  areasSelf.delete('(idle)');
  return {
    totalMs: total / 1000,
    busyMs: (total - idle) / 1000,
    functions: sorted(functions)
      .filter(([name]) => !name.startsWith('(idle)'))
      .map(([name, us]) => ({ name, selfMs: us / 1000 })),
    areasSelf: sorted(areasSelf).map(([name, us]) => ({ name, ms: us / 1000 })),
    areasInclusive: sorted(areasInclusive).map(([name, us]) => ({ name, ms: us / 1000 })),
  };
}

export function renderProfile(title: string, summary: ProfileSummary): string {
  const pct = (ms: number) => `${num((ms / summary.busyMs) * 100, 1).padStart(5)} %`;
  return [
    title,
    `${num(summary.busyMs)} ms busy of ${num(summary.totalMs)} ms sampled; percentages are of the busy time.`,
    '',
    'By package, self time:',
    ...summary.areasSelf.map((a) => `  ${pct(a.ms)}  ${a.name}`),
    '',
    'By package, inclusive (a frame of it on the stack):',
    ...summary.areasInclusive.map((a) => `  ${pct(a.ms)}  ${a.name}`),
    '',
    'Functions, self time:',
    ...summary.functions.map((f) => `  ${pct(f.selfMs)}  ${f.name}`),
    '',
  ].join('\n');
}
