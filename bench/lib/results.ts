/** What a run measured: the input of the report and of the printed summary. */
import type { CpuUse } from './cpu-monitor';
import type { MachineInfo } from './machine';
import type { Summary } from './stats';

/** One side of a load comparison, over its rounds. */
export interface LoadSummary {
  rps: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  /** Errors over all measured rounds. */
  errors: number;
  requests: number;
  /** Cores the process under load used (CPU seconds per second). */
  cores: Summary;
  /** CPU time the process under load spent per successful request, µs (steadier than req/s on a shared machine). */
  cpuPerRequestUs: Summary;
}

/** --compare: another build of the service, measured in the same alternation. */
export interface CandidateSummary extends LoadSummary {
  /** candidate rps / service rps, round by round. */
  vsService: Summary;
}

export interface Comparison {
  connections: number;
  service: LoadSummary;
  candidate?: CandidateSummary;
  baseline: LoadSummary;
  /** service rps / baseline rps, round by round. */
  ratio: Summary;
  /** MariaDB's cores during the service's rounds. */
  mariadbCores: Summary;
  /** The service's event-loop utilisation during its rounds (0..1). */
  serviceEventLoop: Summary;
}

export interface WebhookLevel extends Comparison {
  /** Rows per INSERT the group commit wrote (inbox rows / the server's Com_insert delta). */
  rowsPerCommit: Summary;
  commitsPerSecond: Summary;
}

export interface WebhookResult {
  levels: WebhookLevel[];
  /** Size of one notification as sent. */
  bodyBytes: number;
}

/** The original lookup route on a connection pool, measured in the same alternation. */
export interface ReferenceSummary extends LoadSummary {
  /** reference rps / baseline rps, round by round. */
  vsBaseline: Summary;
}

export interface LookupResult {
  comparison: Comparison;
  reference: ReferenceSummary;
  foundShare: number;
  members: number;
}

export interface EnrichmentResult {
  notifications: number;
  rateLimit: { limit: number; windowMs: number };
  drainSec: Summary;
  /** calls / (limit × windows elapsed), round by round. */
  utilization: Summary;
  calls: Summary;
  tooManyRequests: number;
  maxCallsInAnyWindow: number;
  validationErrors: number;
  /** Outcomes of the notifications over all rounds (updated, failed, …). */
  outcomes: Record<string, number>;
  latency: { notifications: number; rate: number; p50Ms: Summary; p99Ms: Summary };
}

export interface FootprintResult {
  startupMs: Summary;
  rssAfterStartMb: Summary;
  /** The instance that served the webhook and lookup loads. */
  rssAfterLoadMb?: number;
  peakRssMb?: number;
  /** V8 heap still in use in that instance after the loads and a full garbage collection. */
  liveHeapAfterLoadMb?: number;
  /** The enrichment instance after its drain rounds. */
  enrichmentRssAfterLoadMb?: number;
  baselineRssMb: Record<string, number>;
}

export interface NoiseRecord {
  scenario: string;
  use: CpuUse;
}

export interface BenchResults {
  mode: 'full' | 'quick';
  startedAt: string;
  durationSec: number;
  machine: MachineInfo;
  /** Warnings about the conditions (busy machine, stale build, …). */
  notes: string[];
  noise: NoiseRecord[];
  footprint?: FootprintResult;
  webhook?: WebhookResult;
  lookup?: LookupResult;
  enrichment?: EnrichmentResult;
}
