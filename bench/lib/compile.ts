/**
 * Transpiles a few bench files (and nothing else) to plain JavaScript in the
 * run's scratch directory. What runs from there never loads ts-node, so the
 * service's preloaded guard and the baselines are measured without it.
 * Those files may import only each other, Node's built-ins and npm packages
 * (found through NODE_PATH); the service's pure functions the pooled lookup
 * reference uses (its key and email rules) are transpiled with them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { REPO_ROOT } from './paths';

const COMPILED = [
  'bench/children/service-guard.ts',
  'bench/children/query-counter.ts',
  'bench/baselines/baseline-server.ts',
  'bench/baselines/bare-http.ts',
  'bench/baselines/lookup-express.ts',
  'bench/lib/ipc.ts',
  'bench/lib/child-init.ts',
  'src/common/auth/api-key.ts',
  'src/common/auth/constant-time-equals.ts',
  'src/common/errors/app.error.ts',
  'src/common/errors/error-code.enum.ts',
  'src/common/text/well-formed.ts',
  'src/common/validation/is-well-formed-email.ts',
  'src/intercom/lookup/lookup-email.input.ts',
];

/** Writes the files under `dir`, keeping their layout; answers `dir`. */
export function compileHelpers(dir: string): string {
  for (const source of COMPILED) {
    const { outputText } = transpileModule(readFileSync(join(REPO_ROOT, source), 'utf8'), {
      compilerOptions: {
        module: ModuleKind.CommonJS,
        target: ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: source,
    });
    const target = join(dir, source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return dir;
}

/** Where compileHelpers put `source` (a path such as bench/baselines/bare-http.ts). */
export function compiledPath(dir: string, source: string): string {
  return join(dir, source.replace(/\.ts$/, '.js'));
}
