/** Hand-made scenario records for the sweep tests: real RunRecords (checked against the schema) whose `scenario` is a
 * loadgen ScenarioResult built from given raw times, so every figure the report shows can be worked by hand. */
import { runRecordProblems, type RunRecord } from '@modelbench/core';
import type { PeakProbeRecord, ScenarioResult } from '@modelbench/loadgen';
import type { LoadedRecord } from '../src/load-records.ts';
import { makeRecord } from './records.ts';

export interface ScenarioOptions {
  scenario: ScenarioResult['scenario'];
  instances: number;
  threads: number;
  /** per query (offline: leave empty and give sampleDoneMs) */
  latencyMs?: number[];
  /** per query; default: closed loop (each query due when the previous completed) */
  scheduledMs?: number[];
  sampleDoneMs?: number[];
  durationMs: number;
  samples: number;
  targetQps?: number;
  achievedQps?: number;
  latencyBoundMs?: number;
  probes?: PeakProbeRecord[];
  backend?: string;
  workload?: string;
  /** scenario.headline as loadgen writes it (absent: a record from before the headline) */
  headline?: Record<string, unknown>;
  verdict?: 'VALID' | 'INVALID';
}

/** loadgen's percentile: sorted[floor(n × p)] */
const pick = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export function scenarioRecord(o: ScenarioOptions): RunRecord {
  const latencyMs = o.scenario === 'offline' ? [o.durationMs] : o.latencyMs!;
  let t = 0;
  const scheduledMs = o.scheduledMs ?? latencyMs.map((ms) => ((t += ms), t - ms));
  const sorted = [...latencyMs].sort((a, b) => a - b);
  const result = {
    scenario: o.scenario,
    settings: {
      scenario: o.scenario, workload: o.workload ?? 'resnet50', samplesPerQuery: o.scenario === 'offline' ? o.samples : 1, batch: 1,
      instances: o.instances, threadsPerInstance: o.threads, pin: false, minDurationMs: 0, minQueries: 1, maxDurationMs: 60_000,
      percentile: o.scenario === 'single-stream' ? 0.9 : 0.99, targetQps: o.targetQps, latencyBoundMs: o.latencyBoundMs,
      latencyBoundSource: o.latencyBoundMs ? 'flag' : undefined, findPeak: o.probes !== undefined, findPeakDecimals: 1, findPeakStep: 2,
      warmupCalls: 2, sampleCount: 1, seed: 0, minimaSource: 'flags',
    },
    instances: Array.from({ length: o.instances }, (_, index) => ({ index, calls: 0, samples: 0 })),
    totals: {
      queries: latencyMs.length, samples: o.samples, durationMs: o.durationMs, samplesPerSecond: o.samples / (o.durationMs / 1000),
      ...(o.scenario === 'server' ? { targetQps: o.targetQps, achievedQps: o.achievedQps } : {}),
    },
    latency: {
      count: sorted.length, minMs: sorted[0]!, meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      p50Ms: pick(sorted, 0.5), p90Ms: pick(sorted, 0.9), p95Ms: pick(sorted, 0.95), p99Ms: pick(sorted, 0.99), p999Ms: pick(sorted, 0.999), maxMs: sorted.at(-1)!,
    },
    raw: { scheduledMs, issuedMs: scheduledMs, latencyMs, ...(o.sampleDoneMs ? { sampleDoneMs: o.sampleDoneMs } : {}) },
    queue: {},
    stopReason: 'min-reached',
    cancelledQueries: 0,
    validity: { verdict: o.verdict ?? 'VALID', reasons: o.verdict === 'INVALID' ? ['too short'] : [] },
    warmup: { callsPerInstance: 2, meanCallMs: 10 },
    ...(o.probes ? { findPeak: { boundMs: o.latencyBoundMs ?? 100, peakQps: undefined, phase: 'done', probes: o.probes, notes: [] } } : {}),
    machineLoad: {},
    warnings: [],
    ...(o.headline ? { headline: o.headline } : {}),
  };
  // as the harness writes it: config.batch is a query's samples (offline: all of them), so batch ÷ median is the rate
  const base = makeRecord({ backend: o.backend ?? 'ort-cpu', threads: o.threads, workload: o.workload ?? 'resnet50', samplesMs: latencyMs, batch: o.scenario === 'offline' ? o.samples : 1 });
  const record = JSON.parse(JSON.stringify({ ...base, scenario: result })) as RunRecord;
  const problems = runRecordProblems(record);
  if (problems.length) throw new Error(`hand-made scenario record is invalid: ${problems.join('; ')}`);
  return record;
}

/** `n` samples completing evenly over `durationMs`. */
export const even = (n: number, durationMs: number): number[] => Array.from({ length: n }, (_, i) => ((i + 1) * durationMs) / n);

/** resnet50 on ort-cpu: offline 1×1, 1×2, 2×1, 2×2; single-stream 1×1 and 1×2; server at 5 and 10 QPS and one find-peak; a plain 2t cell. */
export function sweepRecords(): RunRecord[] {
  const offline = (instances: number, threads: number, samples: number): RunRecord =>
    scenarioRecord({ scenario: 'offline', instances, threads, samples, durationMs: 2000, sampleDoneMs: even(samples, 2000) });
  return [
    offline(1, 1, 20),
    offline(1, 2, 36),
    offline(2, 1, 38),
    offline(2, 2, 60),
    scenarioRecord({ scenario: 'single-stream', instances: 1, threads: 1, latencyMs: [90, 100, 110, 100, 100, 100, 100, 100, 100, 100], samples: 10, durationMs: 1000 }),
    scenarioRecord({ scenario: 'single-stream', instances: 1, threads: 2, latencyMs: Array(10).fill(60), samples: 10, durationMs: 600 }),
    scenarioRecord({ scenario: 'server', instances: 1, threads: 2, targetQps: 10, achievedQps: 9.7, latencyBoundMs: 100, latencyMs: [40, 60, 180, 50], scheduledMs: [0, 100, 200, 300], samples: 4, durationMs: 400 }),
    scenarioRecord({ scenario: 'server', instances: 1, threads: 2, targetQps: 5, achievedQps: 4.9, latencyBoundMs: 100, latencyMs: [40, 50, 45, 30], scheduledMs: [0, 200, 400, 600], samples: 4, durationMs: 650 }),
    scenarioRecord({
      scenario: 'server', instances: 2, threads: 1, targetQps: 8, achievedQps: 11.8, latencyBoundMs: 100, latencyMs: [70, 80, 90], scheduledMs: [0, 80, 160], samples: 3, durationMs: 250,
      probes: [
        { qps: 8, meets: true, p99Ms: 60, achievedQps: 7.9, queries: 100, stopReason: 'min-reached' },
        { qps: 16, meets: false, p99Ms: 400, achievedQps: 12, queries: 100, stopReason: 'min-reached' },
        { qps: 12, meets: true, p99Ms: 90, achievedQps: 11.8, queries: 100, stopReason: 'min-reached' },
      ],
    }),
    makeRecord({ threads: 2, samplesMs: [100, 100, 100, 100, 200, 200, 200, 200, 100, 100] }),
  ];
}

export function sweepLoaded(source = 'sweep'): LoadedRecord[] {
  return sweepRecords().map((record, i) => ({ record, source, path: `/results/${source}/${i}.json` }));
}
