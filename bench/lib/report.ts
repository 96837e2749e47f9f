/**
 * BENCHMARKS.md: the machine, the targets and every measurement with its
 * median and min–max. A hand-written section between the analysis markers
 * survives re-runs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  cpuSection,
  enrichmentSection,
  footprintSection,
  headerSections,
  lookupSection,
  memberSyncSection,
  webhookSection,
} from '../report/sections';
import type { BenchResults } from './results';

const ANALYSIS_START = '<!-- analysis:start -->';
const ANALYSIS_END = '<!-- analysis:end -->';
const DEFAULT_ANALYSIS = `${ANALYSIS_START}\n_No analysis written yet._\n${ANALYSIS_END}`;

function analysisBlock(file: string): string {
  if (!existsSync(file)) return DEFAULT_ANALYSIS;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(ANALYSIS_START);
  const end = text.indexOf(ANALYSIS_END);
  return start >= 0 && end > start
    ? text.slice(start, end + ANALYSIS_END.length)
    : DEFAULT_ANALYSIS;
}

export function renderReport(results: BenchResults, command: string, analysis: string): string {
  return [
    ...headerSections(results, command),
    ...webhookSection(results),
    ...lookupSection(results),
    ...enrichmentSection(results),
    ...memberSyncSection(results),
    ...footprintSection(results),
    ...cpuSection(results),
    '## Analysis',
    '',
    analysis,
    '',
  ].join('\n');
}

export function writeReport(file: string, results: BenchResults, command: string): void {
  writeFileSync(file, renderReport(results, command, analysisBlock(file)));
}
