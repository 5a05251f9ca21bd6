/**
 * VALID / INVALID as loadgen decides it (results.cc, LogSummary): minimum duration met, minimum query count met,
 * the performance constraint met (Server only: the p99 latency within the bound) and the early-stopping criterion
 * met (single-stream, multi-stream, server). Each failed check adds one reason naming the figure and the fix.
 */
import type { ScenarioName } from './mlperf-rules.ts';
import { serverEarlyStopping, streamEarlyStopping, type EarlyStoppingParams, MLPERF_EARLY_STOPPING } from './early-stopping.ts';
import { loadgenPercentile } from './percentiles.ts';

export interface ValidityInput {
  scenario: ScenarioName;
  /** loadgen's duration: offline the last sample's completion, server the last query's scheduled time,
   * single/multi-stream the last query's issue time (ms from the start) */
  durationMs: number;
  /** queries issued (offline: samples in the one query) */
  queries: number;
  minDurationMs: number;
  minQueries: number;
  /** the latencies the scenario is judged on: per sample (single-stream, server) or per query (multi-stream) */
  latenciesMs: readonly number[];
  /** loadgen's target percentile for the scenario (0.9, 0.99) */
  percentile: number;
  latencyBoundMs?: number | undefined;
  earlyStopping?: EarlyStoppingParams;
}

export interface ValidityChecks {
  minDuration: boolean;
  minQueries: boolean;
  /** server only */
  latencyBound?: boolean;
  /** single-stream, multi-stream, server */
  earlyStopping?: boolean;
}

export interface Validity {
  verdict: 'VALID' | 'INVALID';
  checks: ValidityChecks;
  reasons: string[];
  /** loadgen's own words for each failed check (results.cc's recommendations, as mlperf_log_summary.txt prints them) */
  loadgenReasons: string[];
  /** single/multi-stream: loadgen's early-stopping percentile estimate */
  earlyStoppingEstimateMs?: number;
  /** single/multi-stream, when met: t, the over-latency count the estimate allows (loadgen discards the t − 1 highest) */
  earlyStoppingOverLatencyAllowed?: number;
  /** single-stream: loadgen's early-stopping 99th percentile estimate too (when at least 662 queries ran) */
  earlyStoppingP99EstimateMs?: number;
  /** server: queries over the latency bound (loadgen's overlatency_query_count) */
  overLatencyCount?: number;
  /** queries early stopping needs: single/multi-stream for an estimate, server for the over-latency count seen */
  earlyStoppingQueriesNeeded?: number;
  /** the latency at the target percentile (loadgen's definition) */
  percentileLatencyMs?: number;
}

const s = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const msText = (ms: number): string => `${ms.toFixed(ms < 10 ? 3 : 2)} ms`;

/** results.cc's recommendations, in the order LogSummary prints them, and the early-stopping result lines. */
function loadgenWords(scenario: ScenarioName, checks: ValidityChecks, queries: number, needed: number | undefined): string[] {
  const out: string[] = [];
  if (checks.latencyBound === false) out.push('Reduce target QPS to improve latency.');
  if (!checks.minDuration) {
    out.push(
      scenario === 'server'
        ? 'Increase the target QPS so the loadgen pre-generates more queries.'
        : scenario === 'offline'
          ? 'Increase expected QPS so the loadgen pre-generates a larger (coalesced) query.'
          : 'Decrease the expected latency so the loadgen pre-generates more queries.',
    );
  }
  if (!checks.minQueries) out.push('The test exited early, before enough queries were issued.');
  if (checks.earlyStopping === false && needed !== undefined) {
    out.push(
      scenario === 'server'
        ? `Run unsuccessful. Processed ${queries} queries. Would need to run at least ${needed - queries} more queries, with the run being successful if every additional query were under latency.`
        : `Only processed ${queries} queries. Need to process at least ${needed} queries for early stopping.`,
    );
  }
  return out;
}

export function judgeValidity(input: ValidityInput): Validity {
  const reasons: string[] = [];
  const params = input.earlyStopping ?? MLPERF_EARLY_STOPPING;
  const checks: ValidityChecks = {
    minDuration: input.durationMs >= input.minDurationMs,
    minQueries: input.queries >= input.minQueries,
  };
  if (!checks.minDuration) reasons.push(`too short: ${s(input.durationMs)} < minimum ${s(input.minDurationMs)} (raise --min-duration's run length or the query count)`);
  const unit = input.scenario === 'offline' ? 'samples' : 'queries';
  if (!checks.minQueries) reasons.push(`too few ${unit}: ${input.queries} < minimum ${input.minQueries} (--min-queries)`);
  const loadgenReasons: string[] = [];
  const result: Validity = { verdict: 'VALID', checks, reasons, loadgenReasons };
  const pct = `p${Math.round(input.percentile * 1000) / 10}`;
  if (input.latenciesMs.length > 0 && input.scenario !== 'offline') {
    result.percentileLatencyMs = loadgenPercentile(input.latenciesMs, input.percentile);
  }
  if (input.scenario === 'server') {
    if (input.latencyBoundMs === undefined) throw new RangeError('a server run is judged against a latency bound');
    const bound = input.latencyBoundMs;
    checks.latencyBound = result.percentileLatencyMs !== undefined && result.percentileLatencyMs <= bound;
    if (!checks.latencyBound) {
      reasons.push(`latency bound missed: ${pct} ${result.percentileLatencyMs === undefined ? 'n/a' : msText(result.percentileLatencyMs)} > ${msText(bound)} (lower --target-qps)`);
    }
    const es = serverEarlyStopping(input.latenciesMs, bound, input.percentile, params);
    checks.earlyStopping = es.met;
    result.overLatencyCount = es.overLatency;
    result.earlyStoppingQueriesNeeded = es.queriesNeeded;
    if (!es.met) reasons.push(`early stopping not met: ${input.latenciesMs.length} queries with ${es.overLatency} over the bound, ${es.queriesNeeded} needed (raise --min-queries or --min-duration)`);
  } else if (input.scenario === 'single-stream' || input.scenario === 'multi-stream') {
    const es = streamEarlyStopping(input.latenciesMs, input.percentile, params);
    checks.earlyStopping = es.met;
    result.earlyStoppingQueriesNeeded = es.minQueries;
    if (input.scenario === 'single-stream') {
      const p99 = streamEarlyStopping(input.latenciesMs, 0.99, params);
      if (p99.met) result.earlyStoppingP99EstimateMs = p99.estimateMs!;
    }
    if (es.met) {
      result.earlyStoppingEstimateMs = es.estimateMs!;
      result.earlyStoppingOverLatencyAllowed = es.overLatencyAllowed!;
    }
    if (!es.met) reasons.push(`early stopping not met: ${input.latenciesMs.length} queries < ${es.minQueries} needed for the ${pct} estimate (raise --min-queries)`);
  }
  loadgenReasons.push(...loadgenWords(input.scenario, checks, input.queries, result.earlyStoppingQueriesNeeded));
  if (reasons.length > 0) result.verdict = 'INVALID';
  return result;
}
