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

/** The lookup route on a connection pool with the service's checks, measured in the same alternation. */
export interface ReferenceSummary extends LoadSummary {
  /** reference rps / baseline rps, round by round. */
  vsBaseline: Summary;
}

export interface LookupResult {
  comparison: Comparison;
  /** The pooled route with the same checks (key, JSON, body, throttle). */
  reference: ReferenceSummary;
  /** service rps / reference rps, round by round (absent in results of older runs). */
  vsReference?: Summary;
  foundShare: number;
  members: number;
}

/** What lib/budget.ts says of a run's calls, summarised over its rounds. */
export interface BudgetSummary {
  calls: Summary;
  /** The double's windows from the first allowed call to the last, counted whole. */
  windows: Summary;
  /** ceil(calls / limit): what a perfect client needs. */
  perfectWindows: Summary;
  /** calls / (limit × windows). */
  share: Summary;
  /** calls / (limit × perfectWindows). */
  perfectShare: Summary;
  /** Allowed calls per second, first call to last. */
  callsPerSecond: Summary;
  /** 429 answers, all measured rounds. */
  tooManyRequests: number;
  /** The most allowed calls in one of the double's windows, all measured rounds. */
  maxInWindow: number;
}

/** The enrichment drain at one Intercom limit. */
export interface DrainResult {
  rateLimit: { limit: number; windowMs: number };
  /** Time the double took for each allowed answer, ms; undefined: as fast as it could. */
  answerLatencyMs?: number;
  /** INTERCOM_RATE_LIMIT given to the service; undefined when left unset (--limit-from-headers). */
  serviceLimit?: number;
  notifications: number;
  rounds: number;
  drainSec: Summary;
  budget: BudgetSummary;
  /** CPU time per allowed Intercom call, ms: the service's and the double's (who limits the pace). */
  cpuMsPerCall: { service: Summary; double: Summary };
  /** Counted by the double over the whole instance's life, warm-up included. */
  doubleTooManyRequests: number;
  doubleMaxCallsInAnyWindow: number;
  validationErrors: number;
  /** Outcomes of the notifications over all rounds (updated, failed, …). */
  outcomes: Record<string, number>;
}

/** The same work against a double without a limit, once: the pace of the client itself. */
export interface UnlimitedReference {
  /** Notifications (enrichment) or contacts (full reconciliation). */
  size: number;
  calls: number;
  /** First call to the last, s. */
  workSec: number;
  callsPerSecond: number;
  /** CPU per call, ms: the service's (or the CLI's) and the double's. */
  clientCpuMsPerCall: number;
  doubleCpuMsPerCall: number;
}

export interface EnrichmentResult {
  drains: DrainResult[];
  /** The largest drain's burst with no limit. */
  unlimited: UnlimitedReference;
  latency: { notifications: number; rate: number; p50Ms: Summary; p99Ms: Summary };
}

/** One kind of incremental run (a member table size, a number of changed members), over its rounds. */
export interface IncrementalSyncResult {
  members: number;
  changed: number;
  intercomCalls: Summary;
  /** Intercom calls / changed members (changed > 0). */
  callsPerChanged?: Summary;
  searches: Summary;
  writes: Summary;
  /** MySQL statements of the run, start-up of the CLI process left out. */
  mysqlQueries: Summary;
  /** Of which the check of recorded members (positions scan): records read, members read by number. */
  mysqlScanQueries: Summary;
  /** PostgREST (Supabase) requests of the run. */
  supabaseRequests: Summary;
  /** CLI process, spawn to exit (Node and Nest start-up included). */
  wallSec: Summary;
  /** The run's statements by kind (last round), for the report's breakdown. */
  queriesByKind: Record<string, number>;
  /** The run's statements as counted, by text without values (last round). */
  statements: Record<string, number>;
  contactsWritten: Summary;
}

/** The full reconciliation at one Intercom limit. */
export interface FullSyncResult {
  rateLimit: { limit: number; windowMs: number };
  serviceLimit?: number;
  contacts: number;
  rounds: number;
  /** First Intercom call to the last, s. */
  workSec: Summary;
  /** CLI process, spawn to exit, s. */
  wallSec: Summary;
  budget: BudgetSummary;
  searches: Summary;
  writes: Summary;
  mysqlQueries: Summary;
  supabaseRequests: Summary;
  /** CPU time per allowed Intercom call, ms: the CLI's and the double's (who limits the pace). */
  cpuMsPerCall: { cli: Summary; double: Summary };
  validationErrors: number;
}

export interface MemberSyncResult {
  /** The double's limit during the incremental runs. */
  incrementalLimit: { limit: number; windowMs: number };
  incremental: IncrementalSyncResult[];
  full: FullSyncResult[];
  /** The largest full reconciliation's contacts with no limit. */
  fullUnlimited?: UnlimitedReference;
  /** Contacts the run that recorded the enriched contacts had to write (0: the seeded contacts were right). */
  seedWrites: number[];
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
  memberSync?: MemberSyncResult;
}
