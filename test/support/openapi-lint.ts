/**
 * Lints an OpenAPI document as `redocly lint` does with its recommended
 * ruleset, through @redocly/openapi-core's programmatic API. That package is
 * ECMAScript-modules only, which Jest's CommonJS runtime cannot load, so the
 * lint runs in a child Node process; the document goes in on standard input,
 * the problems come back as JSON.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  /** JSON pointer into the document, e.g. `#/paths/~1api~1health/get`. */
  pointer: string;
}

const LINT_SCRIPT = `
import { createConfig, lintFromString } from '@redocly/openapi-core';
let source = '';
for await (const chunk of process.stdin) source += chunk;
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
process.stdout.write(JSON.stringify(problems.map((problem) => ({
  ruleId: problem.ruleId,
  severity: problem.severity,
  message: problem.message,
  pointer: problem.location?.[0]?.pointer ?? '',
}))));
`;

export async function lintOpenApi(document: unknown): Promise<LintProblem[]> {
  const child = spawn(process.execPath, ['--input-type=module', '--eval', LINT_SCRIPT], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  child.stdin.end(JSON.stringify(document));
  const code = await exited;
  if (code !== 0) throw new Error(`The OpenAPI lint did not run (exit ${code}):\n${stderr}`);
  return JSON.parse(stdout) as LintProblem[];
}

/** One line per problem, for a failure message that says what to fix. */
export function describeProblems(problems: readonly LintProblem[]): string[] {
  return problems.map(
    ({ severity, ruleId, pointer, message }) => `${severity} ${ruleId} ${pointer}: ${message}`,
  );
}
