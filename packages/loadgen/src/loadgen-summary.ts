/**
 * The figures of MLPerf LoadGen's mlperf_log_summary.txt (results.cc PerformanceSummary::LogSummary), computed from a
 * run's trace as LoadGen computes them, in one typed object (the record carries it; the mlperf-log writer prints it):
 * - single-stream: QPS w/ loadgen overhead = (n − 1) / the final query's issue time, QPS w/o = 1 / mean latency;
 * - server: completed samples per second = (n − 1) / the final issued query's completion time (not the latest
 *   completion), scheduled samples per second = (n − 1) / its scheduled time, the over-latency count;
 * - offline: samples per second = samples / the last completion (LoadGen's max latency);
 * - every scenario: min, max, mean and the 50/90/95/97/99/99.9th percentiles (multi-stream: per query), and the
 *   early-stopping estimates (single-stream: its 90th and 99th percentile, multi-stream its 99th).
 * Times are ms from the start of the timed phase; rates per second.
 */
import type { ScenarioName } from './mlperf-rules.ts';
import { latencyPercentiles, type LatencyPercentiles } from './percentiles.ts';
import type { Validity } from './validity.ts';

export interface SummaryTrace {
  scheduledMs: readonly number[];
  issuedMs: readonly number[];
  latencyMs: readonly number[];
  /** offline: every sample's completion */
  sampleDoneMs?: readonly number[] | undefined;
  endMs: number;
}

export interface LoadgenSummary {
  scenario: ScenarioName;
  /** completed samples (LoadGen's sample_count) */
  sampleCount: number;
  /** queries issued and completed */
  queryCount: number;
  /** per sample (multi-stream: per query); offline: the samples' completion times; null when none completed */
  latency: LatencyPercentiles | null;
  targetPercentile: number;
  targetPercentileLatencyMs: number | null;
  earlyStoppingEstimateMs: number | null;
  /** single-stream only: the 99th percentile estimate LoadGen adds (to infer multi-stream) */
  earlyStoppingP99EstimateMs: number | null;
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
}

const perSecond = (count: number, ms: number | null): number | null => (ms !== null && ms > 0 && count >= 0 ? (count * 1000) / ms : null);

/** (n − 1) / the final issued query's completion, as LoadGen's "Completed samples per second". */
export function completedSamplesPerSecond(trace: Pick<SummaryTrace, 'scheduledMs' | 'latencyMs'>): number {
  const n = trace.latencyMs.length;
  if (n < 2) return 0;
  const done = trace.scheduledMs[n - 1]! + trace.latencyMs[n - 1]!;
  return done > 0 ? ((n - 1) * 1000) / done : 0;
}

export function loadgenSummary(scenario: ScenarioName, trace: SummaryTrace, validity: Validity, percentile: number): LoadgenSummary {
  const offline = scenario === 'offline';
  const n = trace.latencyMs.length;
  const samples = offline ? (trace.sampleDoneMs?.length ?? 0) : n;
  const last = n - 1;
  const finalScheduled = n > 0 ? trace.scheduledMs[last]! : null;
  const finalIssued = n > 0 ? trace.issuedMs[last]! : null;
  const finalDone = n > 0 ? trace.scheduledMs[last]! + trace.latencyMs[last]! : null;
  const latencies = offline ? (trace.sampleDoneMs ?? []) : trace.latencyMs;
  const latency = latencies.length > 0 ? latencyPercentiles(latencies) : null;
  const single = scenario === 'single-stream';
  const server = scenario === 'server';
  return {
    scenario,
    sampleCount: samples,
    queryCount: n,
    latency,
    targetPercentile: percentile,
    targetPercentileLatencyMs: offline ? null : (validity.percentileLatencyMs ?? null),
    earlyStoppingEstimateMs: validity.earlyStoppingEstimateMs ?? null,
    earlyStoppingP99EstimateMs: validity.earlyStoppingP99EstimateMs ?? null,
    overLatencyCount: server ? (validity.overLatencyCount ?? 0) : null,
    qpsWithLoadgenOverhead: single ? perSecond(n - 1, finalIssued) : null,
    qpsWithoutLoadgenOverhead: single && latency ? perSecond(1, latency.meanMs) : null,
    completedSamplesPerSecond: server ? perSecond(n - 1, finalDone) : null,
    scheduledSamplesPerSecond: server ? perSecond(n - 1, finalScheduled) : null,
    samplesPerSecond: offline ? perSecond(samples, trace.endMs) : null,
    finalQueryScheduledMs: finalScheduled,
    finalQueryIssuedMs: finalIssued,
    finalQueryDoneMs: finalDone,
    maxCompletionMs: trace.endMs,
  };
}
