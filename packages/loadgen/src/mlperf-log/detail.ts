/**
 * `mlperf_log_detail.txt`: LoadGen's `:::MLLOG {...}` lines (logging.h AsyncLog::LogDetail) with the keys LoadGen
 * writes — the effective settings (test_settings_internal.cc LogEffectiveSettings), each warning as a
 * `warning_generic_message`, and the results (results.cc PerformanceSummary::LogDetail) — in LoadGen 6.0.17's
 * layout. Values are the run's own summary figures (loadgen-summary.ts: LoadGen's integer ns and rates), doubles
 * as C++ prints them, strings JSON-quoted. The metadata's `file`
 * names this module (the suite is not LoadGen), `line_no` is 0, pid and tid this process's.
 */
import { cppDouble, cppFixed } from './format.ts';
import type { MlperfPerformanceRun, MlperfScenario, MlperfTestParams } from './run.ts';
import { LOADGEN_LIST_PERCENTILES, type NsStats } from '../loadgen-summary.ts';
import { earlyStoppingText } from './summary.ts';

/** A value as LoadGen's ArgValueTransform writes it: a double goes through `cppDouble`, so pass it as `{ double }`. */
export type MllogValue = string | number | bigint | boolean | { double: number };

export interface MllogEntry {
  key: string;
  value: MllogValue;
  /** ms since the log started */
  timeMs: number;
  isError?: boolean;
  isWarning?: boolean;
}

export interface MllogContext {
  pid: number;
  /** this module's name in each line's metadata */
  file?: string;
}

export const mllogValueText = (v: MllogValue): string =>
  typeof v === 'object' ? cppDouble(v.double) : typeof v === 'string' ? JSON.stringify(v) : String(v);

/** One `:::MLLOG` line; time_ms as LoadGen writes it (ms, a dot, six digits of ns). */
export function mllogLine(e: MllogEntry, ctx: MllogContext): string {
  const ns = BigInt(Math.max(0, Math.round(e.timeMs * 1e6)));
  const time = `${ns / 1_000_000n}.${String(ns % 1_000_000n).padStart(6, '0')}`;
  const file = ctx.file ?? 'modelbench/loadgen/mlperf-log/detail.ts';
  return (
    `:::MLLOG {"key": ${JSON.stringify(e.key)}, "value": ${mllogValueText(e.value)}, "time_ms": ${time}, "namespace": "mlperf::logging", ` +
    `"event_type": "POINT_IN_TIME", "metadata": {"is_error": ${e.isError === true}, "is_warning": ${e.isWarning === true}, ` +
    `"file": ${JSON.stringify(file)}, "line_no": 0, "pid": ${ctx.pid}, "tid": ${ctx.pid}}}`
  );
}

/** The effective settings, in LogEffectiveSettings' order. */
export function effectiveSettingEntries(scenario: MlperfScenario, mode: 'PerformanceOnly' | 'AccuracyOnly', t: MlperfTestParams): [string, MllogValue][] {
  return [
    ['effective_scenario', scenario],
    ['effective_test_mode', mode],
    ['effective_samples_per_query', t.samplesPerQuery],
    ['effective_target_qps', { double: t.targetQps }],
    ['effective_target_latency_ns', t.targetLatencyNs],
    ['effective_target_latency_percentile', { double: t.targetLatencyPercentile }],
    ['effective_max_async_queries', t.maxAsyncQueries],
    ['effective_target_duration_ms', t.targetDurationMs],
    ['effective_min_duration_ms', t.minDurationMs],
    ['effective_max_duration_ms', t.maxDurationMs],
    ['effective_min_query_count', t.minQueryCount],
    ['effective_max_query_count', t.maxQueryCount],
    ['effective_min_sample_count', t.minSampleCount],
    ['effective_qsl_rng_seed', t.qslRngSeed],
    ['effective_sample_index_rng_seed', t.sampleIndexRngSeed],
    ['effective_schedule_rng_seed', t.scheduleRngSeed],
    ['effective_accuracy_log_rng_seed', t.accuracyLogRngSeed],
    ['effective_accuracy_log_probability', { double: t.accuracyLogProbability }],
    ['effective_accuracy_log_sampling_target', t.accuracyLogSamplingTarget],
    ['effective_print_timestamps', t.printTimestamps],
    ['effective_performance_issue_unique', t.performanceIssueUnique],
    ['effective_performance_issue_same', t.performanceIssueSame],
    ['effective_performance_issue_same_index', t.performanceIssueSameIndex],
    ['effective_performance_sample_count', t.performanceSampleCount],
    ['effective_accuracy_sample_count', t.accuracySampleCount],
    ['effective_sample_concatenate_permutation', t.sampleConcatenatePermutation],
  ];
}

/** PerformanceSummary::LogDetail's keys and values, in its order: the run's own summary figures, as they are. */
export function resultEntries(run: MlperfPerformanceRun): [string, MllogValue][] {
  const c = run.checks;
  const sum = run.summary;
  const perfMet = run.scenario === 'Server' ? c.latencyBound === true : true;
  const es = earlyStoppingText(run);
  const esMet = c.earlyStopping ?? true;
  const all = c.minDuration && c.minQueries && perfMet && esMet;
  const d = (x: number | null): { double: number } => ({ double: x ?? Number.NaN });
  const out: [string, MllogValue][] = [['result_validity', all ? 'VALID' : 'INVALID']];
  if (run.scenario === 'Server') out.push(['result_perf_constraints_met', perfMet]);
  out.push(['result_min_duration_met', c.minDuration], ['result_min_queries_met', c.minQueries], ['early_stopping_met', esMet]);
  if (!all) {
    let why = '';
    if (!perfMet) why += 'Reduce target QPS to improve latency. ';
    if (!c.minDuration) why += `${minDurationAdvice(run.scenario)} `;
    if (!c.minQueries) why += 'The test exited early, before enough queries were issued.';
    out.push(['result_invalid_reason', why.replace(/\n/g, ' ')]);
  }
  out.push(['early_stopping_result', es.text.replace(/\n/g, ' ')]);
  // LoadGen's query_count is only set once latencies exist (ProcessLatencies); offline issues one query
  out.push(['result_query_count', sum.sampleCount === 0 ? 0 : run.scenario === 'Offline' ? 1 : sum.queryCount]);
  if (run.scenario === 'Server') out.push(['result_overlatency_query_count', sum.overLatencyCount ?? 0]);
  if (run.scenario === 'SingleStream') {
    out.push(['result_qps_with_loadgen_overhead', d(sum.qpsWithLoadgenOverhead)]);
    out.push(['result_qps_without_loadgen_overhead', d(sum.qpsWithoutLoadgenOverhead)]);
    out.push(['early_stopping_latency_ss', sum.earlyStopping?.estimateNs ?? 0], ['early_stopping_latency_ms', sum.earlyStopping?.p99?.estimateNs ?? 0]);
  } else if (run.scenario === 'MultiStream') {
    const q = sum.ns.query ?? EMPTY;
    out.push(['result_min_query_latency_ns', q.min], ['result_max_query_latency_ns', q.max], ['result_mean_query_latency_ns', q.mean]);
    LOADGEN_LIST_PERCENTILES.forEach((p, i) => out.push([`result_${cppFixed(p * 100)}_percentile_per_query_latency_ns`, q.percentiles[i]!]));
    out.push(['early_stopping_latency_ms', sum.earlyStopping?.estimateNs ?? 0]);
  } else if (run.scenario === 'Server') {
    out.push(['result_scheduled_samples_per_sec', d(sum.scheduledSamplesPerSecond)]);
    out.push(['result_completed_samples_per_sec', d(sum.completedSamplesPerSecond)]);
  } else {
    out.push(['result_samples_per_second', d(sum.samplesPerSecond)]);
  }
  const samples = sum.ns.sample ?? EMPTY;
  out.push(['result_min_latency_ns', samples.min], ['result_max_latency_ns', samples.max], ['result_mean_latency_ns', samples.mean]);
  LOADGEN_LIST_PERCENTILES.forEach((p, i) => out.push([`result_${cppFixed(p * 100)}_percentile_latency_ns`, samples.percentiles[i]!]));
  out.push(['num_errors', 0]);
  return out;
}

const EMPTY: NsStats = { min: 0, max: 0, mean: 0, percentiles: LOADGEN_LIST_PERCENTILES.map(() => 0) };

function minDurationAdvice(s: MlperfScenario): string {
  if (s === 'Server') return 'Increase the target QPS so the loadgen pre-generates more queries.';
  if (s === 'Offline') return 'Increase expected QPS so the loadgen pre-generates a larger (coalesced) query.';
  return 'Decrease the expected latency so the loadgen pre-generates more queries.';
}

export interface DetailHeader {
  /** LoadGen's test_datetime: ISO 8601 of the start, `YYYY-MM-DDTHH:MM:SSZ` */
  startedAt: Date;
  sutName: string;
  qslName: string;
  totalSampleCount: number;
  performanceSampleCount: number;
  /** which LoadGen layout this follows */
  layout: string;
}

/** The opening lines LoadGen's StartTest writes before the settings (version, date, SUT and QSL). */
export function headerEntries(h: DetailHeader): [string, MllogValue][] {
  return [
    ['loadgen_version', h.layout],
    ['test_datetime', h.startedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')],
    ['sut_name', h.sutName],
    ['qsl_name', h.qslName],
    ['qsl_reported_total_count', h.totalSampleCount],
    ['qsl_reported_performance_count', h.performanceSampleCount],
  ];
}

/** The whole detail log of a performance run. `endMs` stamps the result lines (the run's length). */
export function mlperfPerformanceDetailText(run: MlperfPerformanceRun, header: Omit<DetailHeader, 'sutName'>, ctx: MllogContext & { endMs: number }): string {
  const lines: string[] = [];
  const put = (entries: [string, MllogValue][], timeMs: number, flags: Pick<MllogEntry, 'isWarning'> = {}): void => {
    for (const [key, value] of entries) lines.push(mllogLine({ key, value, timeMs, ...flags }, ctx));
  };
  put(headerEntries({ ...header, sutName: run.sutName }), 0);
  put(effectiveSettingEntries(run.scenario, 'PerformanceOnly', run.params), 0);
  put([['generic_message', 'Starting performance mode']], 0);
  for (const w of run.warnings) put([['warning_generic_message', w]], ctx.endMs, { isWarning: true });
  put(resultEntries(run), ctx.endMs);
  return lines.join('\n') + '\n';
}

/** The detail log of an accuracy run (AccuracyOnly: settings, the start line, warnings; no results block). */
export function mlperfAccuracyDetailText(params: MlperfTestParams, header: DetailHeader, warnings: readonly string[], ctx: MllogContext & { endMs: number }): string {
  const lines: string[] = [];
  for (const [key, value] of [...headerEntries(header), ...effectiveSettingEntries('Offline', 'AccuracyOnly', params), ['generic_message', 'Starting accuracy mode'] as [string, MllogValue]]) {
    lines.push(mllogLine({ key, value, timeMs: 0 }, ctx));
  }
  for (const w of warnings) lines.push(mllogLine({ key: 'warning_generic_message', value: w, timeMs: ctx.endMs, isWarning: true }, ctx));
  return lines.join('\n') + '\n';
}
