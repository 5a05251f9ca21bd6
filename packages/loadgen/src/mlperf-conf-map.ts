/**
 * What mlperf.conf / user.conf say for one model and scenario, as this suite's scenario options (units converted: the
 * conf's ms become minDurationS / maxDurationS seconds; Server target_latency ms is latencyBoundMs), read in
 * LoadGen's order (mlperf-conf.ts). The options given (the command line's flags) are applied over the result by the
 * caller, as LoadGen's TestSettings set after FromConfig win. A key LoadGen does not know is an error naming it and the nearest known key;
 * a key LoadGen knows that changes nothing here (accuracy-log sampling, TEST05 seeds, token latencies for other
 * models…) is read and left alone, unless it asks for something this suite does not do (token latencies, equal-issue
 * mode, a different target percentile), which is an error naming the key.
 */
import { BenchError } from '@modelbench/core';
import { TARGET_PERCENTILE, type ScenarioName } from './mlperf-rules.ts';
import type { ScenarioOptions } from './scenario-options.ts';
import { confDouble, confInteger, lookupConfs, type ConfFile, type ConfValue } from './mlperf-conf.ts';
import { MLPERF_SCENARIO } from './mlperf-log/run.ts';

/** Every key name LoadGen's FromConfig reads, plus `target_duration`, which mlperf.conf sets and LoadGen ignores. */
export const LOADGEN_CONF_KEYS = [
  'mode', 'qsl_rng_seed', 'sample_index_rng_seed', 'schedule_rng_seed', 'accuracy_log_probability', 'test05', 'test05_qsl_rng_seed',
  'test05_sample_index_rng_seed', 'test05_schedule_rng_seed', 'use_token_latencies', 'ttft_latency', 'tpot_latency', 'infer_token_latencies',
  'token_latency_scaling_factor', 'target_latency_percentile', 'samples_per_query', 'target_latency', 'performance_issue_unique',
  'performance_issue_same', 'performance_issue_same_index', 'sample_concatenate_permutation', 'coalesce_queries', 'max_async_queries',
  'min_duration', 'max_duration', 'min_query_count', 'max_query_count', 'performance_sample_count_override', 'accuracy_sample_count_override',
  'target_qps', 'print_timestamps', 'accuracy_log_rng_seed', 'accuracy_log_sampling_target', 'target_duration',
] as const;

export const LOADGEN_CONF_SCENARIOS = ['SingleStream', 'MultiStream', 'Server', 'Offline'] as const;

/** The scenario options a conf can set. */
export type ConfOptions = Pick<ScenarioOptions, NumericConfOption | 'findPeak'>;
type NumericConfOption = 'minDurationS' | 'maxDurationS' | 'minQueries' | 'targetQps' | 'latencyBoundMs' | 'samplesPerQuery' | 'maxQueries';

/** The flag that gives each option (the sources name what a user would type). */
const CONF_OPTION_FLAG: Readonly<Record<NumericConfOption, string>> = {
  minDurationS: 'min-duration',
  maxDurationS: 'max-duration',
  minQueries: 'min-queries',
  targetQps: 'target-qps',
  latencyBoundMs: 'latency-bound-ms',
  samplesPerQuery: 'samples-per-query',
  maxQueries: 'max-queries',
};

export interface ConfSettings {
  options: ConfOptions;
  /** mlperf.conf's seeds (uint64) */
  seeds: { qslRngSeed?: bigint; sampleIndexRngSeed?: bigint; scheduleRngSeed?: bigint };
  /** performance_sample_count_override (0: the workload's own count, as LoadGen) and where it was set */
  performanceSampleCount?: number;
  performanceSampleCountWhere?: string;
  /** Offline target_qps (LoadGen's offline_expected_qps): the rate the one query is sized from, and where it was set */
  offlineExpectedQps?: number;
  offlineExpectedQpsWhere?: string;
  /** SingleStream / MultiStream target_latency: LoadGen's expected latency (ns), whose inverse its logs print as target_qps */
  expectedLatencyNs?: number;
  /** each setting and where it came from (`min-duration ← user.conf:3`) */
  sources: string[];
}

const usage = (v: ConfValue, message: string, hint: string): BenchError => new BenchError('USAGE', `${v.where}: ${message}`, { hint });

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** Every key of the files must be LoadGen's: model.(scenario|*).known_name. */
export function checkConfKeys(file: ConfFile): void {
  for (const [key, v] of file.values) {
    const parts = key.split('.');
    const name = parts[parts.length - 1]!;
    const scenario = parts[parts.length - 2]!;
    if (scenario !== '*' && !(LOADGEN_CONF_SCENARIOS as readonly string[]).includes(scenario)) {
      throw usage(v, `unknown scenario '${scenario}' in ${key}`, `LoadGen's scenarios are ${LOADGEN_CONF_SCENARIOS.join(', ')} or *`);
    }
    if (!(LOADGEN_CONF_KEYS as readonly string[]).includes(name)) {
      const near = [...LOADGEN_CONF_KEYS].sort((a, b) => editDistance(name, a) - editDistance(name, b))[0]!;
      throw usage(v, `unknown key '${name}' in ${key}`, `LoadGen has no such setting; did you mean '${near}'?`);
    }
  }
}

function integer(v: ConfValue, name: string): bigint {
  const n = confInteger(v.text);
  if (n === undefined) throw usage(v, `${name} = ${v.text}: LoadGen reads this key as an integer (strtoull would take only the digits before '${v.text.replace(/^[+]?\d*/, '')[0] ?? ''}')`, `write a whole number, e.g. ${name} = ${Math.trunc(confDouble(v.text) ?? 0)}`);
  return n;
}

const double = (v: ConfValue): number => confDouble(v.text)!;

/** The conf's settings for `model` running `scenario`. Both files' keys are checked first. */
export function confSettings(files: { mlperf?: ConfFile | undefined; user?: ConfFile | undefined }, model: string, scenario: ScenarioName): ConfSettings {
  for (const f of [files.mlperf, files.user]) if (f) checkConfKeys(f);
  const L = MLPERF_SCENARIO[scenario];
  const out: ConfSettings = { options: {}, seeds: {}, sources: [] };
  const get = (name: string, mlperfOnly = false): ConfValue | undefined => lookupConfs(files, model, L, name, mlperfOnly);
  const note = (what: string, v: ConfValue): void => void out.sources.push(`${what} ← ${v.where}`);

  // each source is said in the words of the flag that gives the same option (--min-duration 600 ← mlperf.conf:12)
  const flag = (k: NumericConfOption, value: number, v: ConfValue): void => {
    out.options[k] = value;
    note(`--${CONF_OPTION_FLAG[k]} ${value}`, v);
  };
  // LoadGen's mode: 2 PerformanceOnly is what `performance` runs; 3 FindPeakPerformance is --find-peak (Server only)
  let v = get('mode');
  if (v) {
    const mode = integer(v, 'mode');
    if (mode === 3n && scenario === 'server') {
      out.options.findPeak = true;
      note('--find-peak (mode = 3, FindPeakPerformance)', v);
    }
    else if (mode === 3n) throw usage(v, `mode = 3 (FindPeakPerformance): LoadGen finds a peak for the Server scenario only, this is ${L}`, 'remove the key, or run --scenario server');
    else if (mode === 0n || mode === 1n) throw usage(v, `mode = ${mode} (${mode === 0n ? 'SubmissionRun' : 'AccuracyOnly'}) asks for an accuracy run; this is performance`, "run the workload's accuracy command for accuracy, or set mode = 2 (PerformanceOnly)");
    else if (mode !== 2n) throw usage(v, `mode = ${v.text} is none of LoadGen's test modes`, 'LoadGen\'s modes are 0 SubmissionRun, 1 AccuracyOnly, 2 PerformanceOnly, 3 FindPeakPerformance');
  }
  v = get('min_duration');
  if (v) flag('minDurationS', Number(integer(v, 'min_duration')) / 1000, v);
  v = get('max_duration');
  if (v) {
    const ms = Number(integer(v, 'max_duration'));
    if (ms > 0) flag('maxDurationS', ms / 1000, v);
  }
  v = get('min_query_count');
  if (v) flag('minQueries', Number(integer(v, 'min_query_count')), v);
  v = get('max_query_count');
  if (v) {
    const n = Number(integer(v, 'max_query_count'));
    if (n > 0) flag('maxQueries', n, v);
  }
  if (scenario === 'server') {
    v = get('target_qps');
    if (v) flag('targetQps', double(v), v);
    v = get('target_latency');
    if (v) flag('latencyBoundMs', Number(integer(v, 'target_latency')), v);
  }
  if (scenario === 'offline') {
    v = get('target_qps');
    if (v) {
      out.offlineExpectedQps = double(v);
      out.offlineExpectedQpsWhere = v.where;
      note(`offline expected QPS ${out.offlineExpectedQps}`, v);
    }
  }
  if (scenario === 'single-stream' || scenario === 'multi-stream') {
    // LoadGen's single_/multi_stream_expected_latency_ns (a double, ms × 10⁶): its target_qps is 10⁹ / it
    v = get('target_latency');
    if (v) {
      out.expectedLatencyNs = double(v) * 1e6;
      note(`expected latency ${double(v)} ms`, v);
    }
  }
  if (scenario === 'multi-stream') {
    v = get('samples_per_query');
    if (v) flag('samplesPerQuery', Number(integer(v, 'samples_per_query')), v);
  }
  if (scenario !== 'offline') {
    v = get('target_latency_percentile');
    if (v && Math.abs(double(v) / 100 - TARGET_PERCENTILE[scenario]) > 1e-9) {
      throw usage(v, `${model}.${L}.target_latency_percentile = ${v.text}: this suite judges ${scenario} at the ${TARGET_PERCENTILE[scenario] * 100}th percentile, MLPerf's`, 'remove the key (or set it to MLPerf\'s value)');
    }
  }
  for (const [name, field] of [['qsl_rng_seed', 'qslRngSeed'], ['sample_index_rng_seed', 'sampleIndexRngSeed'], ['schedule_rng_seed', 'scheduleRngSeed']] as const) {
    v = get(name, true);
    if (v) {
      out.seeds[field] = integer(v, name);
      note(`${name} ${out.seeds[field]}`, v);
    }
  }
  v = get('performance_sample_count_override');
  if (v) {
    out.performanceSampleCount = Number(integer(v, 'performance_sample_count_override'));
    out.performanceSampleCountWhere = v.where;
    note(`performance sample count ${out.performanceSampleCount}`, v);
  }
  if (scenario === 'server') {
    // LoadGen reads these for Server whatever the scenario's key says; this suite issues every query when it is due
    for (const name of ['max_async_queries', 'coalesce_queries'] as const) {
      v = get(name);
      if (v && integer(v, name) !== 0n) {
        throw usage(v, `${name} = ${v.text}: this suite issues each server query when it is due, without ${name === 'coalesce_queries' ? 'coalescing queries' : 'a limit on queries in flight'}`, 'remove the key (0 is LoadGen\'s default)');
      }
    }
  }
  for (const name of ['use_token_latencies', 'sample_concatenate_permutation', 'infer_token_latencies', 'performance_issue_unique', 'performance_issue_same'] as const) {
    v = get(name);
    if (v && integer(v, name) !== 0n) {
      throw usage(v, `${name} = ${v.text} applies to ${model} ${L}, and this suite does not do it`, `remove the key, or name another model with --mlperf-model (the conf's model is '${model}')`);
    }
  }
  return out;
}
