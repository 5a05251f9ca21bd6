/**
 * MLPerf Inference's scenario constants, each with where it comes from, and this suite's laptop defaults.
 *
 * Sources (read at these commits):
 * - mlcommons/inference `loadgen/mlperf.conf` @ b66003e1: `*.*.min_duration = 600000` for every scenario,
 *   `*.MultiStream.min_query_count = 662`, `*.MultiStream.samples_per_query = 8`, percentiles SingleStream 90,
 *   MultiStream 99, Server 99, `resnet50.Offline.min_query_count = 24576`, `bert.Offline.min_query_count = 10833`,
 *   Server bounds `resnet50.Server.target_latency = 15`, `bert.Server.target_latency = 130`.
 * - same file @ acf032a0 (v0.7–v1.1): `ssd-resnet34.Server.target_latency = 100`, MLPerf's SSD (the SSD here is
 *   torchvision's ssd300_vgg16, the nearest detector MLPerf defined a Server bound for; its successor RetinaNet
 *   keeps 100 ms).
 * - `loadgen/test_settings.h`: `min_query_count = 100` when mlperf.conf sets none (SingleStream, Server).
 * - mlcommons/inference_policies `inference_rules.adoc` @ ac93e89c, "Scenarios": 600 seconds every scenario,
 *   Offline at least 24,576 samples (or the data set size when smaller), MultiStream 8 samples per query.
 * Mask R-CNN is not an MLPerf Inference benchmark: it has no Server bound, so `--latency-bound-ms` is required.
 */
export const SCENARIOS = ['single-stream', 'multi-stream', 'offline', 'server'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ScenarioMinima {
  minDurationMs: number;
  /** queries (offline: samples in the one query) */
  minQueries: number;
}

/** The percentile each scenario's latency is judged at (loadgen's target_latency_percentile). */
export const TARGET_PERCENTILE: Readonly<Record<ScenarioName, number>> = {
  'single-stream': 0.9,
  'multi-stream': 0.99,
  server: 0.99,
  offline: 0.99,
};

export const MLPERF_MULTI_STREAM_SAMPLES_PER_QUERY = 8;

const MLPERF_OFFLINE_SAMPLES: Readonly<Record<string, number>> = { resnet50: 24576, bert: 10833, ssd: 24576, maskrcnn: 24576 };

/** MLPerf's own minima (the `--mlperf` preset). */
export function mlperfMinima(scenario: ScenarioName, workload: string | undefined): ScenarioMinima {
  const minDurationMs = 600_000;
  switch (scenario) {
    case 'single-stream':
      return { minDurationMs, minQueries: 100 };
    case 'multi-stream':
      return { minDurationMs, minQueries: 662 };
    case 'server':
      return { minDurationMs, minQueries: 100 };
    case 'offline':
      return { minDurationMs, minQueries: MLPERF_OFFLINE_SAMPLES[workload ?? ''] ?? 24576 };
  }
}

/**
 * Short defaults for a laptop, each the fewest queries with which loadgen's early stopping can pass, so a run that
 * meets its latencies is VALID: single-stream 64 (the p90 estimate needs 64), multi-stream MLPerf's 662 (the p99
 * estimate needs 662), server 662 (459 pass only with no query over the bound; 662 allow one).
 */
export function laptopMinima(scenario: ScenarioName): ScenarioMinima {
  switch (scenario) {
    case 'single-stream':
      return { minDurationMs: 2_000, minQueries: 64 };
    case 'multi-stream':
      return { minDurationMs: 2_000, minQueries: 662 };
    case 'server':
      return { minDurationMs: 5_000, minQueries: 662 };
    case 'offline':
      return { minDurationMs: 5_000, minQueries: 64 };
  }
}

export interface LatencyBound {
  ms: number;
  source: string;
}

const SERVER_BOUNDS: Readonly<Record<string, LatencyBound>> = {
  resnet50: { ms: 15, source: 'MLPerf Inference mlperf.conf resnet50.Server.target_latency = 15 ms' },
  bert: { ms: 130, source: 'MLPerf Inference mlperf.conf bert.Server.target_latency = 130 ms' },
  ssd: { ms: 100, source: 'MLPerf Inference mlperf.conf ssd-resnet34.Server.target_latency = 100 ms (MLPerf\'s SSD; RetinaNet keeps 100 ms)' },
};

/** MLPerf's Server latency bound for a workload, when MLPerf defines one. */
export function mlperfServerBound(workload: string | undefined): LatencyBound | undefined {
  return workload === undefined ? undefined : SERVER_BOUNDS[workload];
}

/**
 * Offline's one query, sized as LoadGen sizes it (test_settings_internal.cc, TestSettingsInternal's constructor):
 * `uint64_t(1.1 × min_duration s × offline_expected_qps)` samples — the double truncated, as C++'s conversion does —
 * and at least min_query_count. Written in the same order of double operations, so the count is LoadGen's.
 */
export function offlineQuerySampleCount(minDurationMs: number, expectedQps: number, minQueries: number): number {
  const target = Math.floor(1.1 * (minDurationMs / 1000) * expectedQps);
  return Math.max(minQueries, Number.isFinite(target) ? target : 0);
}
