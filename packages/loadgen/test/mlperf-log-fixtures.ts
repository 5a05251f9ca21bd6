/**
 * The traces under test/fixtures/mlperf-log (see its README: LoadGen 6.0.17 wrote the matching summaries) as the
 * MlperfPerformanceRun the writers take: the verdict judged by this package's judgeValidity and every figure
 * computed by its loadgenSummary from the trace (in ms, as a run's trace is), so the fixtures check those.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { offlineQuerySampleCount, type ScenarioName } from '../src/mlperf-rules.ts';
import { MLPERF_UNUSED_SETTINGS, type MlperfPerformanceRun, type MlperfScenario } from '../src/mlperf-log/run.ts';
import { judgeValidity } from '../src/validity.ts';
import { loadgenSummary } from '../src/loadgen-summary.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures', 'mlperf-log');
export const CASES = ['single-stream', 'single-stream-invalid', 'multi-stream', 'multi-stream-samples', 'server', 'offline'] as const;

interface Trace {
  settings: Record<string, string | number>;
  /** [scheduled, issued, latency] ns */
  queries?: [number, number, number][];
  sampleDoneNs?: number[];
  /** multi-stream-samples: each query's calls' latencies, ns, each call `samplesPerCall` samples */
  callLatencyNs?: number[][];
  samplesPerCall?: number;
}

const SUITE_NAME: Record<MlperfScenario, ScenarioName> = { SingleStream: 'single-stream', MultiStream: 'multi-stream', Server: 'server', Offline: 'offline' };

export function fixtureText(name: string, suffix: string): string {
  return readFileSync(join(FIXTURES, `${name}.${suffix}`), 'utf8');
}

export function runOfFixture(name: string): MlperfPerformanceRun {
  const t = JSON.parse(fixtureText(name, 'trace.json')) as Trace;
  const s = t.settings;
  const scenario = s.scenario as MlperfScenario;
  const num = (k: string, d: number): number => (s[k] === undefined ? d : Number(s[k]));
  const q = t.queries ?? [];
  const lastQ = q[q.length - 1] ?? [0, 0, 0];
  const offline = scenario === 'Offline';
  const spq = scenario === 'MultiStream' ? num('multi_stream_samples_per_query', 8) : 1;
  const queryLat = q.map((x) => x[2]);
  const sampleLat = offline ? (t.sampleDoneNs ?? []) : queryLat.flatMap((x) => Array.from({ length: spq }, () => x));
  const percentile = scenario === 'SingleStream' ? 0.9 : 0.99;
  const boundNs = num('server_target_latency_ns', 0);
  const minQueries = num('min_query_count', 100);
  const expectedQps = num('offline_expected_qps', 1);
  const minDurationMs = num('min_duration_ms', 10_000);
  const samplesPerQuery = offline ? offlineQuerySampleCount(minDurationMs, expectedQps, minQueries) : spq;
  const suiteScenario = SUITE_NAME[scenario];
  const validity = judgeValidity({
    scenario: suiteScenario,
    durationMs: (offline ? Math.max(...sampleLat) : scenario === 'Server' ? lastQ[0] : lastQ[1]) / 1e6,
    queries: offline ? sampleLat.length : q.length,
    minDurationMs,
    minQueries,
    latenciesMs: (scenario === 'MultiStream' ? queryLat : sampleLat).map((x) => x / 1e6),
    percentile,
    latencyBoundMs: scenario === 'Server' ? boundNs / 1e6 : undefined,
  });
  const ms = (ns: number): number => ns / 1e6;
  const trace = offline
    ? { scheduledMs: [0], issuedMs: [0], latencyMs: [ms(Math.max(...sampleLat))], sampleDoneMs: sampleLat.map(ms), endMs: ms(Math.max(...sampleLat)) }
    : {
        scheduledMs: q.map((x) => ms(x[0])),
        issuedMs: q.map((x) => ms(x[1])),
        latencyMs: queryLat.map(ms),
        samplesPerQuery: spq,
        // each sample its own latency (its call's completion − the query's scheduled time), where the trace has them
        sampleLatencyMs: t.callLatencyNs?.map((calls) => calls.flatMap((l) => Array.from({ length: t.samplesPerCall! }, () => ms(l)))),
        endMs: Math.max(0, ...q.map((x) => ms(x[0] + x[2]))),
      };
  return {
    scenario,
    sutName: 'modelbench',
    summary: loadgenSummary(suiteScenario, trace, validity, percentile),
    checks: validity.checks,
    params: {
      samplesPerQuery,
      targetQps: scenario === 'Server' ? num('server_target_qps', 1) : offline ? expectedQps : scenario === 'SingleStream' ? 1000 : 125,
      targetLatencyNs: scenario === 'Server' ? boundNs : 0,
      targetLatencyPercentile: offline ? 0.99 : percentile,
      maxAsyncQueries: scenario === 'Server' ? 0 : 1,
      targetDurationMs: offline ? 0 : minDurationMs,
      minDurationMs,
      maxDurationMs: num('max_duration_ms', 0),
      minQueryCount: offline ? 1 : minQueries,
      maxQueryCount: num('max_query_count', 0),
      minSampleCount: (offline ? 1 : minQueries) * samplesPerQuery,
      qslRngSeed: 0n,
      sampleIndexRngSeed: 0n,
      scheduleRngSeed: 0n,
      performanceSampleCount: num('performance_sample_count', 1),
      accuracySampleCount: num('total_sample_count', 1),
      ...MLPERF_UNUSED_SETTINGS,
    },
    warnings: [],
  };
}
