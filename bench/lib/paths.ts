import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const DIST_MAIN = join(REPO_ROOT, 'dist', 'main.js');
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
export const BENCHMARKS_MD = join(REPO_ROOT, 'BENCHMARKS.md');
