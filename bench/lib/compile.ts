/**
 * Transpiles a few bench files, and the files they import by relative path
 * (the service's own rules the Express references reuse: key, email and
 * signature checks, helmet's options), to plain JavaScript in the run's
 * scratch directory. What runs from there never loads ts-node, so the guard
 * and the baselines are measured without it. Packages are found through NODE_PATH.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { REPO_ROOT } from './paths';

const ENTRIES = [
  'bench/children/service-guard.ts',
  'bench/baselines/bare-http.ts',
  'bench/baselines/lookup-express.ts',
  'bench/baselines/webhook-express.ts',
];

/** Relative imports that survive transpiling (not `import type`), as repository paths. */
function importsOf(source: string, text: string): string[] {
  return [...text.matchAll(/^import (?!type )[^;]*?from '(\.{1,2}\/[^']+)';/gms)].map((m) => {
    const path = relative(REPO_ROOT, join(REPO_ROOT, dirname(source), m[1]));
    return existsSync(join(REPO_ROOT, `${path}.ts`)) ? `${path}.ts` : `${path}/index.ts`;
  });
}

/** Writes the files under `dir`, keeping their layout; answers `dir`. */
export function compileHelpers(dir: string): string {
  const pending = [...ENTRIES];
  const done = new Set<string>();
  for (let source = pending.pop(); source; source = pending.pop()) {
    if (done.has(source)) continue;
    done.add(source);
    const text = readFileSync(join(REPO_ROOT, source), 'utf8');
    pending.push(...importsOf(source, text));
    const { outputText } = transpileModule(text, {
      compilerOptions: {
        module: ModuleKind.CommonJS,
        target: ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: source,
    });
    const target = compiledPath(dir, source);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return dir;
}

/** Where compileHelpers put `source` (a path such as bench/baselines/bare-http.ts). */
export function compiledPath(dir: string, source: string): string {
  return join(dir, source.replace(/\.ts$/, '.js'));
}
