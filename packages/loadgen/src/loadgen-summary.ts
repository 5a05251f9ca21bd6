/**
 * The figures of MLPerf LoadGen's mlperf_log_summary.txt and mlperf_log_detail.txt (results.cc PerformanceSummary:
 * ProcessLatencies, LogSummary, LogDetail), computed once from a run's trace as LoadGen computes them, in one typed
 * object: the record carries it, the scenario's lines print it, and the mlperf-log writers print it as it is.
 * - LoadGen's own integers (`ns`): latencies in whole ns (a trace's ms × 10⁶, rounded), min, max, the integer mean
 *   (int64 division) and the 50/90/95/97/99/99.9th percentiles (sorted[floor(n·p)]) per sample and, multi-stream,
 *   per query; the final query's scheduled, issued and done times; LoadGen's max latency.
 * - Rates, each as LoadGen divides it, from those integers: single-stream QPS w/ loadgen overhead = (n − 1) / the
 *   final query's issue time, w/o = 1 / the mean latency; server completed samples per second = (n − 1) / the final
 *   issued query's completion (not the latest completion), scheduled = (n − 1) / its scheduled time; offline
 *   samples per second = samples / the largest sample latency.
 * - The early-stopping outcome as the run's verdict judged it (validity.ts: one judgement), with what LoadGen's
 *   text says of it (queries needed, latencies discarded, the estimate; single-stream also its 99th percentile).
 * Multi-stream sample latencies are each sample's own (its call's completion − the query's scheduled time) where the
 * trace has them, else the query's for each of its samples. The ms fields are for the record and the lines.
 */
import { minPassingQueries } from './early-stopping.ts';
import { nsOf } from './mlperf-log/format.ts';
import type { ScenarioName } from './mlperf-rules.ts';
import { latencyPercentiles, type LatencyPercentiles } from './percentiles.ts';
import type { Validity } from './validity.ts';

/** The percentiles LoadGen lists after min/max/mean (results.h latency_percentiles). */
export const LOADGEN_LIST_PERCENTILES = [0.5, 0.9, 0.95, 0.97, 0.99, 0.999] as const;

export interface SummaryTrace {
  scheduledMs: readonly number[];
  issuedMs: readonly number[];
  latencyMs: readonly number[];
  /** offline: every sample's completion */
  sampleDoneMs?: readonly number[] | undefined;
  /** multi-stream: each query's samples' latencies (due → its call done), in query order */
  sampleLatencyMs?: readonly (readonly number[])[] | undefined;
  /** multi-stream: samples a query holds (each takes the query's latency where sampleLatencyMs is absent) */
  samplesPerQuery?: number | undefined;
  endMs: number;
}

/** Min, max, integer mean (LoadGen's int64 division) and the listed percentiles of a latency list, ns. */
export interface NsStats {
  min: number;
  max: number;
  mean: number;
  /** in LOADGEN_LIST_PERCENTILES' order */
  percentiles: number[];
}

/** LoadGen's integers, as its log files print them. */
export interface LoadgenNs {
  /** LoadGen's sample_latencies; null when none completed */
  sample: NsStats | null;
  /** multi-stream: per query (due → its last sample done) */
  query: NsStats | null;
  /** single-stream: per sample; multi-stream: per query; null elsewhere */
  targetPercentile: number | null;
  finalQueryScheduled: number;
  finalQueryIssued: number;
  finalQueryDone: number;
  /** LoadGen's max_latency: the largest sample latency */
  maxLatency: number;
}

/** What LoadGen's "Early Stopping Result" says (single-stream, multi-stream, server). */
export interface EarlyStoppingFigures {
  met: boolean;
  /** single/multi-stream: the queries an estimate needs; server: the queries the over-latency count seen needs */
  queriesNeeded: number;
  /** single/multi-stream, met: the highest latencies discarded (t − 1) */
  discarded: number | null;
  estimateNs: number | null;
  /** single-stream: the 99th percentile estimate LoadGen adds (to infer multi-stream) */
  p99?: { met: boolean; queriesNeeded: number; estimateNs: number | null };
}

export interface LoadgenSummary {
  scenario: ScenarioName;
  /** completed samples (LoadGen's sample_count) */
  sampleCount: number;
  /** queries issued and completed (offline: the one query) */
  queryCount: number;
  /** per sample (multi-stream: per query); offline: the samples' completion times; null when none completed */
  latency: LatencyPercentiles | null;
  targetPercentile: number;
  targetPercentileLatencyMs: number | null;
  earlyStoppingEstimateMs: number | null;
  /** single-stream only: the 99th percentile estimate LoadGen adds (to infer multi-stream) */
  earlyStoppingP99EstimateMs: number | null;
  /** null offline */
  earlyStopping: EarlyStoppingFigures | null;
  /** server: queries over the bound */
  overLatencyCount: number | null;
  /** single-stream */
  qpsWithLoadgenOverhead: number | null;
  qpsWithoutLoadgenOverhead: number | null;
  /** server: MLPerf's metric */
  completedSamplesPerSecond: number | null;
  scheduledSamplesPerSecond: number | null;
  /** offline: MLPerf's metric */
  samplesPerSecond: number | null;
  finalQueryScheduledMs: number | null;
  finalQueryIssuedMs: number | null;
  finalQueryDoneMs: number | null;
  /** LoadGen's max latency: the last completion of any sample */
  maxCompletionMs: number;
  ns: LoadgenNs;
}

export function nsStats(latencyNs: readonly number[]): NsStats {
  const sorted = [...latencyNs].sort((a, b) => a - b);
  let sum = 0n;
  for (const x of sorted) sum += BigInt(x);
  const at = (p: number): number => (sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length * p)]!);
  return {
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.length === 0 ? 0 : Number(sum / BigInt(sorted.length)),
    percentiles: LOADGEN_LIST_PERCENTILES.map(at),
  };
}

/** count / (ns / 10⁹) as LoadGen divides; null where it would divide by zero. */
const perSecond = (count: number, ns: number): number | null => (ns > 0 && count >= 0 ? count / (ns / 1e9) : null);

/** (n − 1) / the final issued query's completion, as LoadGen's "Completed samples per second". */
export function completedSamplesPerSecond(trace: Pick<SummaryTrace, 'scheduledMs' | 'latencyMs'>): number {
  const n = trace.latencyMs.length;
  if (n < 2) return 0;
  return perSecond(n - 1, nsOf(trace.scheduledMs[n - 1]!) + nsOf(trace.latencyMs[n - 1]!)) ?? 0;
}

/** LoadGen's sample latencies of a trace, ms: per query, multi-stream per sample, offline each completion. */
function sampleLatenciesMs(scenario: ScenarioName, trace: SummaryTrace): readonly number[] {
  if (scenario === 'offline') return trace.sampleDoneMs ?? [];
  if (scenario !== 'multi-stream') return trace.latencyMs;
  if (trace.sampleLatencyMs) return trace.sampleLatencyMs.flat();
  const k = trace.samplesPerQuery ?? 1;
  return trace.latencyMs.flatMap((x) => Array.from({ length: k }, () => x));
}

function earlyStoppingOf(scenario: ScenarioName, validity: Validity): EarlyStoppingFigures | null {
  if (scenario === 'offline') return null;
  const est = validity.earlyStoppingEstimateMs;
  const out: EarlyStoppingFigures = {
    met: validity.checks.earlyStopping ?? false,
    queriesNeeded: validity.earlyStoppingQueriesNeeded ?? 0,
    discarded: scenario !== 'server' && validity.earlyStoppingOverLatencyAllowed !== undefined ? validity.earlyStoppingOverLatencyAllowed - 1 : null,
    estimateNs: est === undefined ? null : nsOf(est),
  };
  if (scenario === 'single-stream') {
    const p99 = validity.earlyStoppingP99EstimateMs;
    out.p99 = { met: p99 !== undefined, queriesNeeded: minPassingQueries(1, 0.99) + 1, estimateNs: p99 === undefined ? null : nsOf(p99) };
  }
  return out;
}

export function loadgenSummary(scenario: ScenarioName, trace: SummaryTrace, validity: Validity, percentile: number): LoadgenSummary {
  const offline = scenario === 'offline';
  const n = trace.latencyMs.length;
  const sampleMs = sampleLatenciesMs(scenario, trace);
  const sampleNs = sampleMs.map(nsOf);
  const queryNs = scenario === 'multi-stream' ? trace.latencyMs.map(nsOf) : null;
  const sample = sampleNs.length > 0 ? nsStats(sampleNs) : null;
  const query = queryNs && queryNs.length > 0 ? nsStats(queryNs) : null;
  const last = n - 1;
  const finalScheduled = n > 0 ? trace.scheduledMs[last]! : null;
  const finalIssued = n > 0 ? trace.issuedMs[last]! : null;
  const finalDone = n > 0 ? trace.scheduledMs[last]! + trace.latencyMs[last]! : null;
  const ns: LoadgenNs = {
    sample,
    query,
    targetPercentile: null,
    finalQueryScheduled: finalScheduled === null ? 0 : nsOf(finalScheduled),
    finalQueryIssued: finalIssued === null ? 0 : nsOf(finalIssued),
    finalQueryDone: n > 0 ? nsOf(finalScheduled!) + nsOf(trace.latencyMs[last]!) : 0,
    maxLatency: sample?.max ?? 0,
  };
  // the verdict's own percentile (single-stream per sample, multi-stream per query): an element of the list, so its ns is LoadGen's
  if ((scenario === 'single-stream' || scenario === 'multi-stream') && validity.percentileLatencyMs !== undefined) ns.targetPercentile = nsOf(validity.percentileLatencyMs);
  const latencies = offline ? sampleMs : trace.latencyMs;
  const samples = sampleNs.length;
  const single = scenario === 'single-stream';
  const server = scenario === 'server';
  return {
    scenario,
    sampleCount: samples,
    queryCount: n,
    latency: latencies.length > 0 ? latencyPercentiles(latencies) : null,
    targetPercentile: percentile,
    targetPercentileLatencyMs: offline ? null : (validity.percentileLatencyMs ?? null),
    earlyStoppingEstimateMs: validity.earlyStoppingEstimateMs ?? null,
    earlyStoppingP99EstimateMs: validity.earlyStoppingP99EstimateMs ?? null,
    earlyStopping: earlyStoppingOf(scenario, validity),
    overLatencyCount: server ? (validity.overLatencyCount ?? 0) : null,
    qpsWithLoadgenOverhead: single ? perSecond(samples - 1, ns.finalQueryIssued) : null,
    qpsWithoutLoadgenOverhead: single && sample ? perSecond(1, sample.mean) : null,
    completedSamplesPerSecond: server ? perSecond(samples - 1, ns.finalQueryDone) : null,
    scheduledSamplesPerSecond: server ? perSecond(samples - 1, ns.finalQueryScheduled) : null,
    samplesPerSecond: offline ? perSecond(samples, ns.maxLatency) : null,
    finalQueryScheduledMs: finalScheduled,
    finalQueryIssuedMs: finalIssued,
    finalQueryDoneMs: finalDone,
    maxCompletionMs: trace.endMs,
    ns,
  };
}
