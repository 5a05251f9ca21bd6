/**
 * One performance run as MLPerf LoadGen's log writers see it (results.h's PerformanceResult and the
 * TestSettingsInternal fields its summary prints): the run's own LoadgenSummary (its figures, computed once from the
 * trace in loadgen-summary.ts, LoadGen's integers included), its checks, and the test parameters in LoadGen's units
 * (durations in ms, latencies in ns). `mlperfRunOf` builds it from a ScenarioResult; the summary and detail writers
 * read only this and compute no figure, so a trace made elsewhere (a test's fixed list, through loadgenSummary) goes
 * through the same text as a real run.
 */
import type { LoadgenSummary } from '../loadgen-summary.ts';
import type { ScenarioName } from '../mlperf-rules.ts';
import type { ScenarioResult } from '../report.ts';
import type { ValidityChecks } from '../validity.ts';
import { nsOf } from './format.ts';

/** The MLPerf release whose log layout these writers follow (loadgen_version in the detail log). */
export const MLPERF_LAYOUT = 'MLPerf LoadGen 6.0.17 log layout (mlcommons/inference b66003e1), written by modelbench';

export type MlperfScenario = 'SingleStream' | 'MultiStream' | 'Server' | 'Offline';

export const MLPERF_SCENARIO: Record<ScenarioName, MlperfScenario> = {
  'single-stream': 'SingleStream',
  'multi-stream': 'MultiStream',
  server: 'Server',
  offline: 'Offline',
};

/** LoadGen's TestSettings defaults where the suite has no setting of its own (test_settings.h); a conf file's
 * single-/multi-stream target_latency replaces them (settings.expectedLatencyNs). */
export const LOADGEN_DEFAULTS = {
  /** single_stream_expected_latency_ns 1 ms → target_qps 1000 */
  singleStreamExpectedLatencyNs: 1_000_000,
  /** multi_stream_expected_latency_ns 8 ms → target_qps 125 */
  multiStreamExpectedLatencyNs: 8_000_000,
} as const;

/** The "Test Parameters Used" block and the detail log's effective_* settings (TestSettingsInternal). */
export interface MlperfTestParams {
  samplesPerQuery: number;
  targetQps: number;
  /** server: the latency bound; 0 elsewhere */
  targetLatencyNs: number;
  targetLatencyPercentile: number;
  /** 0: no limit (server) */
  maxAsyncQueries: number;
  targetDurationMs: number;
  minDurationMs: number;
  /** 0: no cap */
  maxDurationMs: number;
  minQueryCount: number;
  /** 0: no cap */
  maxQueryCount: number;
  minSampleCount: number;
  qslRngSeed: bigint;
  sampleIndexRngSeed: bigint;
  scheduleRngSeed: bigint;
  accuracyLogRngSeed: bigint;
  accuracyLogProbability: number;
  accuracyLogSamplingTarget: number;
  printTimestamps: boolean;
  performanceIssueUnique: boolean;
  performanceIssueSame: boolean;
  performanceIssueSameIndex: number;
  performanceSampleCount: number;
  accuracySampleCount: number;
  sampleConcatenatePermutation: boolean;
}

/**
 * The settings of LoadGen's that the suite never sets (accuracy-log sampling, timestamps, the issue-same/unique
 * test modes, sample concatenation), at LoadGen's defaults: every params block spreads these.
 */
export const MLPERF_UNUSED_SETTINGS = {
  accuracyLogRngSeed: 0n,
  accuracyLogProbability: 0,
  accuracyLogSamplingTarget: 0,
  printTimestamps: false,
  performanceIssueUnique: false,
  performanceIssueSame: false,
  performanceIssueSameIndex: 0,
  sampleConcatenatePermutation: false,
} as const satisfies Partial<MlperfTestParams>;

export interface MlperfPerformanceRun {
  scenario: MlperfScenario;
  sutName: string;
  /** the run's own summary figures (ScenarioResult.summary, loadgen-summary.ts): the writers print them as they are */
  summary: LoadgenSummary;
  /** the verdict's checks, as the suite judged them (judgeValidity: LoadGen's rules) */
  checks: ValidityChecks;
  params: MlperfTestParams;
  /** the run's warnings (each a warning line in the detail log; their count in the summary's last lines) */
  warnings: readonly string[];
}

/** The run of a ScenarioResult, in LoadGen's terms. */
export function mlperfRunOf(r: ScenarioResult, sutName: string): MlperfPerformanceRun {
  const s = r.settings;
  const offline = r.scenario === 'offline';
  const samplesPerQuery = offline ? r.totals.samples : s.samplesPerQuery;
  const targetQps =
    r.scenario === 'server'
      ? (r.totals.targetQps ?? s.targetQps ?? 1)
      : offline
        ? (r.offlineExpectedQps ?? 1)
        : 1e9 / (s.expectedLatencyNs ?? (r.scenario === 'single-stream' ? LOADGEN_DEFAULTS.singleStreamExpectedLatencyNs : LOADGEN_DEFAULTS.multiStreamExpectedLatencyNs));
  const minQueryCount = offline ? 1 : s.minQueries;
  return {
    scenario: MLPERF_SCENARIO[r.scenario],
    sutName,
    summary: r.summary,
    checks: r.validity.checks,
    params: {
      samplesPerQuery,
      targetQps,
      targetLatencyNs: r.scenario === 'server' && s.latencyBoundMs !== undefined ? nsOf(s.latencyBoundMs) : 0,
      targetLatencyPercentile: offline ? 0.99 : s.percentile,
      maxAsyncQueries: r.scenario === 'server' ? 0 : 1,
      targetDurationMs: offline ? 0 : Math.round(s.minDurationMs),
      minDurationMs: Math.round(s.minDurationMs),
      maxDurationMs: s.maxDurationMs === null ? 0 : Math.round(s.maxDurationMs),
      minQueryCount,
      maxQueryCount: s.maxQueryCount,
      minSampleCount: minQueryCount * samplesPerQuery,
      qslRngSeed: BigInt(s.seeds.qslRngSeed),
      sampleIndexRngSeed: BigInt(s.seeds.sampleIndexRngSeed),
      scheduleRngSeed: BigInt(s.seeds.scheduleRngSeed),
      performanceSampleCount: s.sampleCount,
      accuracySampleCount: s.sampleCount,
      ...MLPERF_UNUSED_SETTINGS,
    },
    warnings: r.warnings,
  };
}
