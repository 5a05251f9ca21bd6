/**
 * What a caller asks of one scenario run, typed (camelCase, units in the names): resolveScenarioSettings checks it
 * and turns it into ScenarioSettings. Loadgen reads no command line; the harness converts its flags into these
 * options at its edge (harness/src/scenario-flags.ts). An option left undefined takes its default, all of which are
 * in SCENARIO_DEFAULTS (the harness's flag table shows the same constant in its help).
 */
import { MLPERF_MULTI_STREAM_SAMPLES_PER_QUERY, type ScenarioName } from './mlperf-rules.ts';

export interface ScenarioOptions {
  /** undefined: no scenario (the harness's plain loop) */
  scenario?: ScenarioName | undefined;
  /** multi-stream: samples per query */
  samplesPerQuery?: number | undefined;
  /** independent instances fed from one query queue; 'auto' covers the physical cores (or takes a tune result) */
  instances?: number | 'auto' | undefined;
  /** pin each instance to its own cores */
  pin?: boolean | undefined;
  /** server: Poisson arrival rate (find-peak: the starting rate) */
  targetQps?: number | undefined;
  /** server: p99 latency bound (default: MLPerf's Server bound for the workload) */
  latencyBoundMs?: number | undefined;
  /** server: search the highest QPS whose p99 meets the bound */
  findPeak?: boolean | undefined;
  /** find-peak: decimals of QPS precision (loadgen server_find_peak_qps_decimals_of_precision) */
  findPeakDecimals?: number | undefined;
  /** minimum run length for a VALID result (default: the laptop minima, or MLPerf's with `mlperf`) */
  minDurationS?: number | undefined;
  /** minimum queries for a VALID result (offline: samples) */
  minQueries?: number | undefined;
  /** stop after this long whatever the minima (default: no cap; 60 s with targetRmePercent) */
  maxDurationS?: number | undefined;
  /** loadgen max_query_count (default: no cap) */
  maxQueries?: number | undefined;
  /** MLPerf's own minima (600 s, its query counts) */
  mlperf?: boolean | undefined;
  /** single-stream: stop once the 95 % relative margin of error of the mean is below this */
  targetRmePercent?: number | undefined;
  /** warm-up calls per instance before the run */
  warmupCalls?: number | undefined;
}

/** Every default of ScenarioOptions, and the minima a targetRmePercent run uses unless minQueries / maxDurationS are given. */
export const SCENARIO_DEFAULTS = {
  samplesPerQuery: MLPERF_MULTI_STREAM_SAMPLES_PER_QUERY,
  instances: 1,
  pin: false,
  findPeak: false,
  findPeakDecimals: 1,
  /** loadgen server_find_peak_qps_boundary_step_size */
  findPeakStep: 1,
  warmupCalls: 2,
  /** no cap (loadgen max_query_count 0) */
  maxQueries: 0,
  rmeMinDurationS: 0,
  rmeMinQueries: 10,
  rmeMaxDurationS: 60,
} as const;

/** Where the mlperf.conf / user.conf merge reads its files (withMlperfConf). */
export interface MlperfConfOptions {
  /** MLPerf's mlperf.conf, read first (undefined: LoadGen's built-in copy, when a user.conf is given) */
  mlperfConfPath?: string | undefined;
  /** a user.conf, read after mlperf.conf */
  userConfPath?: string | undefined;
  /** the model name the conf files' keys use (default: the workload id) */
  mlperfModel?: string | undefined;
}
