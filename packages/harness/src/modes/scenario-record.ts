/**
 * What a scenario run puts in the RunRecord's shared fields, so tools that read only those (compare, fleet) still see
 * a sensible run, and which figure its `[TARGET] <workload> Time <seconds>` line carries:
 * - single-stream: the p90 query latency (loadgen's percentile: sorted[floor(0.9 n)]);
 * - multi-stream and server: the p99 query latency;
 * - offline: the mean time per sample, 1 / throughput (the timed phase over the samples).
 * `samplesMs` holds every query's latency (offline: the one query, the whole timed phase) and `config.batch` the
 * samples of one query, so the record's throughput (batch / median) is the scenario's own figure for offline and
 * single-stream.
 */
import type { RunConfig } from '@modelbench/core';
import type { ScenarioResult } from '@modelbench/loadgen';

export interface ScenarioTarget {
  seconds: number;
  /** what the figure is, for the README and the report */
  what: string;
}

export function scenarioTarget(r: ScenarioResult): ScenarioTarget {
  if (r.scenario === 'offline') {
    const seconds = r.totals.samples > 0 ? r.totals.durationMs / r.totals.samples / 1000 : Number.NaN;
    return { seconds, what: 'mean time per sample (1 / throughput)' };
  }
  if (r.latency.count === 0) return { seconds: Number.NaN, what: 'no query completed' };
  if (r.scenario === 'single-stream') return { seconds: r.latency.p90Ms / 1000, what: 'p90 query latency' };
  return { seconds: r.latency.p99Ms / 1000, what: 'p99 query latency' };
}

/** Every query's latency, ms (offline: the single query, first issue to last completion). */
export function scenarioSamplesMs(r: ScenarioResult): number[] {
  if (r.scenario === 'offline') return r.totals.samples > 0 ? [r.totals.durationMs] : [];
  return [...r.raw.latencyMs];
}

export interface ScenarioConfigParts {
  batchMode: RunConfig['batchMode'];
  interOpThreads: number | null;
  input: string;
  extra: Record<string, unknown>;
}

export function scenarioConfig(r: ScenarioResult, p: ScenarioConfigParts): RunConfig {
  const s = r.settings;
  const offline = r.scenario === 'offline';
  return {
    batch: Math.max(1, offline ? r.totals.samples : s.samplesPerQuery),
    batchMode: p.batchMode,
    warmupIterations: s.warmupCalls,
    warmupMs: 0,
    iterations: offline ? 1 : r.totals.queries,
    timeBudgetSeconds: s.maxDurationMs / 1000,
    threads: s.threadsPerInstance,
    interOpThreads: p.interOpThreads,
    input: p.input,
    extra: { ...p.extra, scenario: r.scenario, instances: s.instances, samplesPerCall: s.batch, verdict: r.validity.verdict },
  };
}
