/**
 * A scenario's headline figure: MLPerf's metric for it, the one the submission checker reads from
 * mlperf_log_detail.txt (tools/submission/submission_checker RESULT_FIELD), with the plain percentile beside it:
 * - single-stream: early_stopping_latency_ss, LoadGen's "Early stopping 90th percentile estimate" (ms, lower is better);
 * - multi-stream: early_stopping_latency_ms, the "Early stopping 99th percentile estimate" of query latencies;
 * - server: result_completed_samples_per_sec, "Completed samples per second" (higher is better);
 * - offline: result_samples_per_second, "Samples per second".
 * Compare and fleet rank on `value` (with `better`). Without enough queries for an estimate, `value` is null and
 * `missing` says why; the `[TARGET]` line then falls back to the plain percentile and says so.
 */
import type { LoadgenSummary } from './loadgen-summary.ts';
import type { ScenarioName } from './mlperf-rules.ts';

export type MlperfResultKey = 'early_stopping_latency_ss' | 'early_stopping_latency_ms' | 'result_completed_samples_per_sec' | 'result_samples_per_second';

export interface HeadlineMetric {
  /** MLPerf's name for the figure */
  mlperfName: string;
  /** the mlperf_log_detail.txt key the submission checker reads */
  mlperfKey: MlperfResultKey;
  /** null when it could not be computed (see `missing`) */
  value: number | null;
  unit: 'ms' | 'samples/s';
  better: 'lower' | 'higher';
  /** the plain percentile shown beside it (offline: none) */
  plain: { name: string; value: number | null; unit: 'ms' } | null;
  missing?: string;
}

const pct = (p: number): string => `${Math.round(p * 1000) / 10}th`;

export function headlineMetric(scenario: ScenarioName, s: LoadgenSummary, earlyStoppingQueriesNeeded?: number): HeadlineMetric {
  const plain = { name: `p${Math.round(s.targetPercentile * 1000) / 10} latency`, value: s.targetPercentileLatencyMs, unit: 'ms' as const };
  switch (scenario) {
    case 'single-stream':
    case 'multi-stream': {
      const h: HeadlineMetric = {
        mlperfName: `Early stopping ${pct(s.targetPercentile)} percentile estimate`,
        mlperfKey: scenario === 'single-stream' ? 'early_stopping_latency_ss' : 'early_stopping_latency_ms',
        value: s.earlyStoppingEstimateMs,
        unit: 'ms',
        better: 'lower',
        plain,
      };
      if (h.value === null) h.missing = `early stopping needs at least ${earlyStoppingQueriesNeeded ?? 'more'} queries for an estimate; ${s.queryCount} ran`;
      return h;
    }
    case 'server': {
      const h: HeadlineMetric = { mlperfName: 'Completed samples per second', mlperfKey: 'result_completed_samples_per_sec', value: s.completedSamplesPerSecond, unit: 'samples/s', better: 'higher', plain };
      if (h.value === null) h.missing = 'fewer than 2 queries completed';
      return h;
    }
    case 'offline': {
      const h: HeadlineMetric = { mlperfName: 'Samples per second', mlperfKey: 'result_samples_per_second', value: s.samplesPerSecond, unit: 'samples/s', better: 'higher', plain: null };
      if (h.value === null) h.missing = 'no sample completed';
      return h;
    }
  }
}

/** The `[TARGET] <workload> Time <seconds>` figure for a headline: a latency in seconds, or 1 / a rate. */
export function headlineSeconds(h: HeadlineMetric): { seconds: number; what: string } {
  if (h.value !== null && h.value > 0) {
    if (h.unit === 'ms') return { seconds: h.value / 1000, what: `MLPerf's ${h.mlperfName} (${h.mlperfKey})` };
    return { seconds: 1 / h.value, what: `1 / MLPerf's ${h.mlperfName} (${h.mlperfKey}, ${h.value.toFixed(2)} samples/s)` };
  }
  if (h.plain && h.plain.value !== null) return { seconds: h.plain.value / 1000, what: `the plain ${h.plain.name}: no ${h.mlperfName} (${h.missing ?? 'not computed'})` };
  return { seconds: Number.NaN, what: `no figure: ${h.missing ?? 'no query completed'}` };
}
