/**
 * The scenario flags of `performance` (spread into performanceFlags) and the conf-file flags beside them, and the one
 * place they become loadgen's typed options: scenarioOptionsOf and mlperfConfOptionsOf. Loadgen reads no flags; its
 * defaults (SCENARIO_DEFAULTS) are the ones the help shows here.
 */
import type { FlagSpecs } from '@modelbench/core';
import { parseInstanceCount, parseScenarioName, SCENARIO_DEFAULTS, type MlperfConfOptions, type ScenarioOptions } from '@modelbench/loadgen';

export const scenarioFlags = {
  scenario: { kind: 'string', value: 'NAME', description: 'MLPerf scenario: single-stream | multi-stream | offline | server (default: the plain timed loop)' },
  'samples-per-query': { kind: 'positiveInt', description: `multi-stream: samples per query (default ${SCENARIO_DEFAULTS.samplesPerQuery})` },
  instances: { kind: 'string', value: 'N|auto', default: String(SCENARIO_DEFAULTS.instances), description: 'independent sessions fed from one query queue; auto: cover the physical cores' },
  pin: { kind: 'boolean', description: 'pin each instance to its own cores (child processes under taskset; Linux)' },
  'target-qps': { kind: 'positiveNumber', value: 'QPS', description: 'server: Poisson arrival rate (find-peak: the starting rate)' },
  'latency-bound-ms': { kind: 'positiveNumber', value: 'MS', description: 'server: p99 latency bound (default: MLPerf\'s Server bound for the workload)' },
  'find-peak': { kind: 'boolean', description: 'server: search the highest QPS whose p99 meets the bound (loadgen find-peak)' },
  'find-peak-decimals': { kind: 'int', default: SCENARIO_DEFAULTS.findPeakDecimals, description: 'find-peak: decimals of QPS precision (loadgen server_find_peak_qps_decimals_of_precision)' },
  'min-duration': { kind: 'number', value: 'SECONDS', description: 'minimum run length for a VALID result (default: short laptop minima)' },
  'min-queries': { kind: 'positiveInt', description: 'minimum queries for a VALID result (offline: samples)' },
  'max-duration': { kind: 'positiveNumber', value: 'SECONDS', description: `stop a run after this long whatever the minima (default: no cap, as loadgen; ${SCENARIO_DEFAULTS.rmeMaxDurationS} with --target-rme)` },
  'max-queries': { kind: 'positiveInt', description: 'stop a run after this many queries (loadgen max_query_count; default: no cap)' },
  mlperf: { kind: 'boolean', description: 'MLPerf\'s own minima: 600 s, its query counts (long)' },
  'target-rme': { kind: 'positiveNumber', value: 'PERCENT', description: 'single-stream (or, without --scenario, the plain loop): stop once the 95 % relative margin of error of the mean is below this' },
  'scenario-warmup': { kind: 'int', default: SCENARIO_DEFAULTS.warmupCalls, description: 'warm-up calls per instance before a scenario' },
} as const satisfies FlagSpecs;

export const mlperfFileFlags = {
  'mlperf-conf': { kind: 'string', value: 'FILE', description: "MLPerf's mlperf.conf (LoadGen key syntax: resnet50.Server.target_qps = 10), read first (instead of LoadGen's built-in copy)" },
  'user-conf': { kind: 'string', value: 'FILE', description: "a user.conf in the same syntax, read after mlperf.conf (--mlperf-conf, else LoadGen's built-in one); its values win, flags given here win over both" },
  'mlperf-model': { kind: 'string', value: 'NAME', description: "the model name the conf files' keys use (default: the workload id, e.g. resnet50, bert)" },
  'mlperf-log-dir': { kind: 'string', value: 'DIR', description: "where a scenario run writes MLPerf's mlperf_log_summary.txt, _detail.txt, _accuracy.json (default: beside --json's file)" },
} as const satisfies FlagSpecs;

/** The parsed values of scenarioFlags (what parseCommandLine returns for them; the defaults may be absent). */
export interface ScenarioFlagValues {
  scenario?: string | undefined;
  'samples-per-query'?: number | undefined;
  instances?: string | undefined;
  pin?: boolean | undefined;
  'target-qps'?: number | undefined;
  'latency-bound-ms'?: number | undefined;
  'find-peak'?: boolean | undefined;
  'find-peak-decimals'?: number | undefined;
  'min-duration'?: number | undefined;
  'min-queries'?: number | undefined;
  'max-duration'?: number | undefined;
  'max-queries'?: number | undefined;
  mlperf?: boolean | undefined;
  'target-rme'?: number | undefined;
  'scenario-warmup'?: number | undefined;
}

export interface MlperfFileFlagValues {
  'mlperf-conf'?: string | undefined;
  'user-conf'?: string | undefined;
  'mlperf-model'?: string | undefined;
  'mlperf-log-dir'?: string | undefined;
}

/**
 * The scenario flags as loadgen's options. A scenario name is checked here (USAGE, naming the four); so is
 * `--instances` when a scenario is named — without one, any value but 1 is reported by loadgen as needing a scenario.
 */
export function scenarioOptionsOf(f: ScenarioFlagValues): ScenarioOptions {
  const scenario = f.scenario === undefined ? undefined : parseScenarioName(f.scenario);
  // without a scenario only "given or not" matters: anything but the default '1' is reported as needing one
  const instances = f.instances === undefined ? undefined : scenario !== undefined ? parseInstanceCount(f.instances) : f.instances === String(SCENARIO_DEFAULTS.instances) ? SCENARIO_DEFAULTS.instances : Number.NaN;
  return {
    scenario,
    samplesPerQuery: f['samples-per-query'],
    instances,
    pin: f.pin,
    targetQps: f['target-qps'],
    latencyBoundMs: f['latency-bound-ms'],
    findPeak: f['find-peak'],
    findPeakDecimals: f['find-peak-decimals'],
    minDurationS: f['min-duration'],
    minQueries: f['min-queries'],
    maxDurationS: f['max-duration'],
    maxQueries: f['max-queries'],
    mlperf: f.mlperf,
    targetRmePercent: f['target-rme'],
    warmupCalls: f['scenario-warmup'],
  };
}

/** The conf-file flags as the merge's options (the log folder is the harness's own: mlperfLogDirOf). */
export function mlperfConfOptionsOf(f: MlperfFileFlagValues): MlperfConfOptions {
  return { mlperfConfPath: f['mlperf-conf'], userConfPath: f['user-conf'], mlperfModel: f['mlperf-model'] };
}
