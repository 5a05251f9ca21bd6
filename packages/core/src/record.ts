/**
 * The result record: one per workload × backend × precision × mode. Errors are data (`status: 'error'` with `error`),
 * the environment travels with every result, and every reporter renders from this one type.
 */
import type { Environment } from './environment.ts';
import type { LatencyStats } from './stats.ts';

export const RECORD_SCHEMA_VERSION = 1;

export type RunStatus = 'ok' | 'error' | 'skipped';
export type Mode = 'performance' | 'validate';
export type PrecisionName = 'fp32' | 'bf16';
export type PrecisionExecution = 'native' | 'emulated';

export interface ModelInfo {
  /** 'synthetic' | 'file' | 'catalogue' */
  source: string;
  id: string;
  path: string;
  sha256: string;
  sizeBytes: number;
  parameters: number | null;
  /** multiply-accumulates per sample; FLOPs = 2 × MACs */
  macsPerSample: number | null;
  adapter: string;
}

export interface BackendInfo {
  id: string;
  runtime: string;
  runtimeVersion: string;
  provider: string;
  precision: PrecisionName;
  /** how bf16 (or fp32) is computed: natively by the hardware, or emulated by rounding through bf16 in fp32 */
  execution: PrecisionExecution;
  sessionOptions: Record<string, unknown>;
}

export interface RunConfig {
  batch: number;
  /** how a batch reaches the model: one call with a batch dimension, or consecutive single-sample calls */
  batchMode: 'tensor' | 'sequential';
  warmupIterations: number;
  warmupMs: number;
  iterations: number | null;
  timeBudgetSeconds: number | null;
  threads: number | null;
  interOpThreads: number | null;
  input: string;
  extra: Record<string, unknown>;
}

export interface ProfileSummaryRow {
  opType: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  percent: number;
}

export interface ProfileInfo {
  tracePath: string;
  runs: number;
  modelRunMeanMs: number | null;
  operators: ProfileSummaryRow[];
}

export interface RunRecord {
  schemaVersion: number;
  status: RunStatus;
  mode: Mode;
  workload: string;
  startedAt: string;
  model: ModelInfo | null;
  backend: BackendInfo | null;
  environment: Environment;
  config: RunConfig | null;
  /** latency of one batch, milliseconds */
  latency: LatencyStats | null;
  throughputSamplesPerSecond: number | null;
  /** model FLOPs per second at the median latency, in GFLOP/s */
  gflopsPerSecond: number | null;
  /** achieved FLOP/s over the calibrated fp32 GEMM peak of this backend, 0..1 */
  efficiency: number | null;
  calibratedPeakGflopsPerSecond: number | null;
  peakRssBytes: number;
  timers: Record<string, number>;
  profile: ProfileInfo | null;
  agreement: Record<string, unknown> | null;
  warnings: string[];
  error: { code: string; message: string; hint?: string } | null;
}
