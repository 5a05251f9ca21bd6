/**
 * What a scenario run puts in the RunRecord's shared fields, so tools that read only those (compare, fleet) still see
 * a sensible run, and which figure its `[TARGET] <workload> Time <seconds>` line carries: MLPerf's metric
 * (ScenarioResult.headline, loadgen headline.ts), as seconds:
 * - single-stream: the early-stopping 90th percentile estimate (early_stopping_latency_ss);
 * - multi-stream: the early-stopping 99th percentile estimate of query latencies (early_stopping_latency_ms);
 * - server: 1 / completed samples per second (result_completed_samples_per_sec);
 * - offline: 1 / samples per second (result_samples_per_second).
 * Too few queries for an estimate: the plain p90 / p99, said in `what`.
 * `samplesMs` holds every query's latency (offline: the one query, the whole timed phase) and `config.batch` the
 * samples of one query, so the record's throughput (batch / median) is the scenario's own figure for offline and
 * single-stream.
 */
import type { RunConfig } from '@modelbench/core';
import { headlineSeconds, type ScenarioResult } from '@modelbench/loadgen';

export interface ScenarioTarget {
  seconds: number;
  /** what the figure is, for the README and the report */
  what: string;
}

export function scenarioTarget(r: ScenarioResult): ScenarioTarget {
  return headlineSeconds(r.headline);
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
    timeBudgetSeconds: s.maxDurationMs === null ? null : s.maxDurationMs / 1000,
    threads: s.threadsPerInstance,
    interOpThreads: p.interOpThreads,
    input: p.input,
    extra: { ...p.extra, scenario: r.scenario, instances: s.instances, samplesPerCall: s.batch, verdict: r.validity.verdict },
  };
}
