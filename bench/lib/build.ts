/**
 * The service is measured as it ships: compiled. dist/ is rebuilt when any
 * source file has no up-to-date compiled counterpart. The incremental build
 * cache is removed first: `nest build` empties dist/ (deleteOutDir) but an
 * incremental compile re-emits only changed files, which leaves dist/ partial.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { log } from './log';
import { REPO_ROOT } from './paths';

const SRC = join(REPO_ROOT, 'src');
const DIST = join(REPO_ROOT, 'dist');
const BUILD_CACHE = join(REPO_ROOT, 'tsconfig.build.tsbuildinfo');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /(?<!\.spec|\.d)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The first source whose compiled file is missing or older, if any. */
function staleSource(): string | undefined {
  return sources(SRC).find((source) => {
    const compiled = join(DIST, relative(SRC, source)).replace(/\.ts$/, '.js');
    return !existsSync(compiled) || statSync(compiled).mtimeMs < statSync(source).mtimeMs;
  });
}

/** Answers a note for the report when the measured build may not match src/. */
export function ensureBuilt(build: boolean): string | undefined {
  const stale = staleSource();
  if (stale === undefined) return undefined;
  const why = `${relative(REPO_ROOT, stale)} has no up-to-date compiled file`;
  if (!build) {
    return `${why} and --no-build was given: the measured build may not match src/`;
  }
  log(`${why}: npm run build (from scratch)`);
  rmSync(BUILD_CACHE, { force: true });
  const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error('npm run build failed');
  const still = staleSource();
  if (still !== undefined) throw new Error(`after npm run build, ${still} is still not compiled`);
  return undefined;
}
