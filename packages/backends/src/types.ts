/** The narrow backend contract every workload codes against (after onnxruntime js's backend interface). */
import type { PrecisionExecution, PrecisionName } from '@modelbench/core';

export type TensorType = 'float32' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool' | 'float16';
export type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array | Uint16Array;

/** A tensor in host memory, independent of any runtime's tensor class. */
export interface HostTensor {
  type: TensorType;
  dims: readonly number[];
  data: TensorData;
}

export type Feeds = Record<string, HostTensor>;
export type Outputs = Record<string, HostTensor>;

export interface TensorSpec {
  name: string;
  type: string;
  /** numbers for fixed dimensions, strings for symbolic ones, -1/null-free */
  shape: (number | string)[];
}

export interface ModelArtifact {
  path: string;
  bytes?: Uint8Array;
}

export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

export interface BackendOptions {
  threads?: number;
  interOpThreads?: number;
  graphOptimizationLevel?: GraphOptimizationLevel;
  /** let idle worker threads spin; off by default so two benchmarks never steal each other's cores */
  spinning?: boolean;
  /** how to compute, planned once per session with the same backend's `planPrecision` */
  precision: PrecisionPlan;
  /** where onnxruntime writes its Chrome-trace profile (a path prefix); profiling is off without it */
  profilePrefix?: string;
}

export interface PrecisionPlan {
  precision: PrecisionName;
  execution: PrecisionExecution;
  /** session config entries that select the precision (empty when emulated) */
  sessionConfig: Record<string, string>;
  reason: string;
}

export interface LoadedModel {
  readonly inputs: TensorSpec[];
  readonly outputs: TensorSpec[];
  readonly precision: PrecisionPlan;
  /** the session options actually passed to the runtime, for the record */
  readonly sessionOptions: Record<string, unknown>;
  readonly warnings: string[];
  run(feeds: Feeds, outputNames?: readonly string[]): Promise<Outputs>;
  /** stops profiling and returns the trace file's path (undefined when profiling was off or nothing was written) */
  endProfiling(): Promise<string | undefined>;
  dispose(): Promise<void>;
}

export type ProbeResult = { ok: true; detail?: string } | { ok: false; reason: string };

export interface InferenceBackend {
  readonly id: string;
  readonly description: string;
  readonly runtime: string;
  readonly runtimeVersion: string;
  /** execution provider (onnxruntime's term) or device the backend computes on */
  readonly provider: string;
  probe(): Promise<ProbeResult>;
  /** how the backend would compute `precision` on this machine; throws UNSUPPORTED_PRECISION when it cannot */
  planPrecision(precision: PrecisionName): PrecisionPlan;
  load(model: ModelArtifact, options: BackendOptions): Promise<LoadedModel>;
}
