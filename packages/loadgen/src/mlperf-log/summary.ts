/**
 * `mlperf_log_summary.txt` as MLPerf LoadGen writes it (loadgen/results.cc PerformanceSummary::LogSummary,
 * test_settings_internal.cc TestSettingsInternal::LogSummary, the warning/error trailer of logging.cc), line for line,
 * for the layout of LoadGen 6.0.17 (mlcommons/inference b66003e1). Every figure is the run's own summary
 * (ScenarioResult.summary, loadgen-summary.ts: LoadGen's integers and rates, the early-stopping outcome of the
 * verdict) printed as LoadGen prints it; nothing is computed here. Token-latency (LLM) lines are not written: no
 * workload has them.
 */
import { LOADGEN_LIST_PERCENTILES, type NsStats } from '../loadgen-summary.ts';
import { cppBool, cppDouble, cppFixed } from './format.ts';
import type { MlperfPerformanceRun, MlperfTestParams } from './run.ts';

export { LOADGEN_LIST_PERCENTILES, nsStats, type NsStats } from '../loadgen-summary.ts';

const RULE = '================================================';

/** A rate LoadGen would print as nan where it divides zero by zero (the summary holds null). */
const rate = (x: number | null): number => x ?? Number.NaN;

/** LoadGen's early-stopping text (results.cc EarlyStopping), lines joined by '\n', from the run's own outcome. */
export function earlyStoppingText(run: MlperfPerformanceRun): { met: boolean; text: string } {
  const es = run.summary.earlyStopping;
  const q = run.summary.queryCount;
  const pct = (x: number): string => cppFixed(x * 100, 1);
  if (run.scenario === 'Offline' || es === null) return { met: true, text: '' };
  if (run.scenario === 'Server') {
    if (es.met) return { met: true, text: ' * Run successful.' };
    return {
      met: false,
      text: ` * Run unsuccessful.\n * Processed ${q} queries.\n * Would need to run at least ${es.queriesNeeded - q} more queries,\n with the run being successful if every additional\n query were under latency.`,
    };
  }
  if (!es.met) return { met: false, text: ` * Only processed ${q} queries.\n * Need to process at least ${es.queriesNeeded} queries for early stopping.` };
  let text = ` * Processed at least ${es.queriesNeeded} queries (${q}).\n * Would discard ${es.discarded} highest latency queries.\n * Early stopping ${pct(run.params.targetLatencyPercentile)}th percentile estimate: ${es.estimateNs}`;
  if (es.p99) {
    // the p99 estimate LoadGen adds to infer multi-stream from single-stream
    text += es.p99.met
      ? `\n * Early stopping 99.0th percentile estimate: ${es.p99.estimateNs}`
      : `\n * Not enough queries processed for 99.0th percentile\n early stopping estimate (would need to process at\n least ${es.p99.queriesNeeded} total queries).`;
  }
  return { met: true, text };
}

const MIN_DURATION_ADVICE: Record<MlperfPerformanceRun['scenario'], string> = {
  SingleStream: 'Decrease the expected latency so the loadgen pre-generates more queries.',
  MultiStream: 'Decrease the expected latency so the loadgen pre-generates more queries.',
  Server: 'Increase the target QPS so the loadgen pre-generates more queries.',
  Offline: 'Increase expected QPS so the loadgen pre-generates a larger (coalesced) query.',
};

/** TestSettingsInternal::LogSummary. */
export function testParameterLines(t: MlperfTestParams): string[] {
  return [
    `samples_per_query : ${t.samplesPerQuery}`,
    `target_qps : ${cppDouble(t.targetQps)}`,
    `target_latency (ns): ${t.targetLatencyNs}`,
    `max_async_queries : ${t.maxAsyncQueries}`,
    `min_duration (ms): ${t.minDurationMs}`,
    `max_duration (ms): ${t.maxDurationMs}`,
    `min_query_count : ${t.minQueryCount}`,
    `max_query_count : ${t.maxQueryCount}`,
    `qsl_rng_seed : ${t.qslRngSeed}`,
    `sample_index_rng_seed : ${t.sampleIndexRngSeed}`,
    `schedule_rng_seed : ${t.scheduleRngSeed}`,
    `accuracy_log_rng_seed : ${t.accuracyLogRngSeed}`,
    `accuracy_log_probability : ${cppDouble(t.accuracyLogProbability)}`,
    `accuracy_log_sampling_target : ${t.accuracyLogSamplingTarget}`,
    `print_timestamps : ${cppBool(t.printTimestamps)}`,
    `performance_issue_unique : ${cppBool(t.performanceIssueUnique)}`,
    `performance_issue_same : ${cppBool(t.performanceIssueSame)}`,
    `performance_issue_same_index : ${t.performanceIssueSameIndex}`,
    `performance_sample_count : ${t.performanceSampleCount}`,
    `accuracy_sample_count : ${t.accuracySampleCount}`,
  ];
}

/** The two lines logging.cc ends a summary with (warnings then errors logged to the detail log). */
export function trailerText(warnings: number, errors: number): string {
  const w = warnings === 0 ? 'No warnings encountered during test.' : warnings === 1 ? '1 warning encountered. See detailed log.' : `${warnings} warnings encountered. See detailed log.`;
  const e = errors === 0 ? 'No errors encountered during test.' : errors === 1 ? '1 ERROR encountered. See detailed log.' : `${errors} ERRORS encountered. See detailed log.`;
  return `\n${w}\n\n${e}\n`;
}

/** The whole `mlperf_log_summary.txt`. */
export function mlperfSummaryText(run: MlperfPerformanceRun): string {
  const out: string[] = [];
  const say = (line: string): void => void out.push(line);
  const t = run.params;
  const sum = run.summary;
  const pct1 = cppFixed(t.targetLatencyPercentile * 100, 1);

  say(`${RULE}\nMLPerf Results Summary\n${RULE}`);
  say(`SUT name : ${run.sutName}`);
  say(`Scenario : ${run.scenario}`);
  say('Mode     : PerformanceOnly');
  if (run.scenario === 'SingleStream' || run.scenario === 'MultiStream') say(`${pct1}th percentile latency (ns) : ${sum.ns.targetPercentile ?? 0}`);
  else if (run.scenario === 'Server') say(`Completed samples per second    : ${cppFixed(rate(sum.completedSamplesPerSecond))}`);
  else say(`Samples per second: ${cppDouble(rate(sum.samplesPerSecond))}`);

  const c = run.checks;
  const es = earlyStoppingText(run);
  const perfMet = run.scenario === 'Server' ? c.latencyBound === true : true;
  const esMet = c.earlyStopping ?? true;
  const all = c.minDuration && c.minQueries && perfMet && esMet;
  say(`Result is : ${all ? 'VALID' : 'INVALID'}`);
  if (run.scenario === 'Server') say(`  Performance constraints satisfied : ${perfMet ? 'Yes' : 'NO'}`);
  say(`  Min duration satisfied : ${c.minDuration ? 'Yes' : 'NO'}`);
  say(`  Min queries satisfied : ${c.minQueries ? 'Yes' : 'NO'}`);
  say(`  Early stopping satisfied: ${esMet ? 'Yes' : 'NO'}`);
  if (!all) {
    say('Recommendations:');
    if (!perfMet) say(' * Reduce target QPS to improve latency.');
    if (!c.minDuration) say(` * ${MIN_DURATION_ADVICE[run.scenario]}`);
    if (!c.minQueries) say(' * The test exited early, before enough queries were issued.\n   See the detailed log for why this may have occurred.');
  }
  if (run.scenario !== 'Offline') {
    say('Early Stopping Result:');
    say(es.text);
  }

  say(`\n${RULE}\nAdditional Stats\n${RULE}`);
  if (run.scenario === 'SingleStream') {
    say(`QPS w/ loadgen overhead         : ${cppFixed(rate(sum.qpsWithLoadgenOverhead))}`);
    say(`QPS w/o loadgen overhead        : ${cppFixed(rate(sum.qpsWithoutLoadgenOverhead))}`);
    say('');
  } else if (run.scenario === 'Server') {
    say(`Scheduled samples per second : ${cppFixed(rate(sum.scheduledSamplesPerSecond))}`);
  } else if (run.scenario === 'MultiStream') {
    say('Per-query latency:  ');
    statLines(sum.ns.query ?? EMPTY).forEach(say);
  }
  if (run.scenario !== 'MultiStream') statLines(sum.ns.sample ?? EMPTY).forEach(say);

  say(`\n${RULE}\nTest Parameters Used\n${RULE}`);
  testParameterLines(t).forEach(say);
  return out.join('\n') + '\n' + trailerText(run.warnings.length, 0);
}

const EMPTY: NsStats = { min: 0, max: 0, mean: 0, percentiles: LOADGEN_LIST_PERCENTILES.map(() => 0) };

function statLines(s: NsStats): string[] {
  return [
    `Min latency (ns)                : ${s.min}`,
    `Max latency (ns)                : ${s.max}`,
    `Mean latency (ns)               : ${s.mean}`,
    ...LOADGEN_LIST_PERCENTILES.map((p, i) => `${cppFixed(p * 100)} percentile latency (ns)   : ${s.percentiles[i]}`),
  ];
}
