/**
 * The shared set-up's options as typed objects: the session's (backend, threads, graph optimization), the model's
 * (which model, where it is cached, how it may be fetched), the run's precision and adapter. Each mode makes them of
 * its parsed flags once, at its entry (runOptionsOf); the set-up (run-setup.ts, session.ts, resolve-model.ts) takes
 * these, never flags. The defaults are the flag tables' (flags.ts: backendFlags, modelFlags), nowhere else.
 */
import { BenchError, type PrecisionName } from '@modelbench/core';
import type { GraphOptimizationLevel } from '@modelbench/backends';

export interface SessionOptions {
  /** --backend */
  backendId: string;
  /** --threads: intra-op threads (undefined: the physical cores, session.ts effectiveThreads) */
  threads?: number | undefined;
  /** --inter-op-threads (undefined: onnxruntime's own) */
  interOpThreads?: number | undefined;
  /** --graph-optimization */
  graphOptimization: GraphOptimizationLevel;
  /** --spinning: idle onnxruntime threads spin */
  spinning: boolean;
}

export interface ModelOptions {
  /** --model: an .onnx file */
  modelPath?: string | undefined;
  /** --model-id: a catalogue model */
  catalogueId?: string | undefined;
  /** --cache-dir (undefined: MODELBENCH_CACHE_DIR, else .modelbench/models) */
  cacheDir?: string | undefined;
  /** --offline: never touch the network */
  offline: boolean;
  /** --allow-unpinned: a catalogue model without a published sha256 */
  allowUnpinned: boolean;
  /** what the workload's synthetic default is built with (its syntheticOptions of its own flags) */
  synthetic: Record<string, unknown>;
}

/** Which model the user asked for (--model, --model-id), as a workload's own hooks are told it. */
export type ModelChoice = Pick<ModelOptions, 'modelPath' | 'catalogueId'>;

/** What the shared set-up needs: the session, the model, the precision and the adapter. */
export interface RunOptions {
  session: SessionOptions;
  model: ModelOptions;
  /** bf16 with --bf16, else fp32 */
  precision: PrecisionName;
  /** --adapter (undefined: the adapter that matches the model's signature) */
  adapterId?: string | undefined;
}

/** The session flags, as every mode's table (flags.ts backendFlags) parses them. */
export interface SessionFlagValues {
  backend: string;
  threads?: number | undefined;
  'inter-op-threads'?: number | undefined;
  'graph-optimization': string;
  spinning?: boolean | undefined;
}

/** The model flags (flags.ts modelFlags). */
export interface ModelFlagValues {
  model?: string | undefined;
  'model-id'?: string | undefined;
  'cache-dir'?: string | undefined;
  offline?: boolean | undefined;
  'allow-unpinned'?: boolean | undefined;
}

export interface RunFlagValues extends SessionFlagValues, ModelFlagValues {
  bf16?: boolean | undefined;
  adapter?: string | undefined;
}

const LEVELS: readonly GraphOptimizationLevel[] = ['disabled', 'basic', 'extended', 'all'];

/** The session options; a --graph-optimization that is not a level is USAGE (exit 2). */
export function sessionOptionsOf(f: SessionFlagValues): SessionOptions {
  const level = f['graph-optimization'] as GraphOptimizationLevel;
  if (!LEVELS.includes(level)) {
    throw new BenchError('USAGE', `--graph-optimization must be one of ${LEVELS.join(', ')}, got '${f['graph-optimization']}'`);
  }
  return { backendId: f.backend, threads: f.threads, interOpThreads: f['inter-op-threads'], graphOptimization: level, spinning: f.spinning === true };
}

export function modelOptionsOf(f: ModelFlagValues, synthetic: Record<string, unknown> = {}): ModelOptions {
  return { modelPath: f.model, catalogueId: f['model-id'], cacheDir: f['cache-dir'], offline: f.offline === true, allowUnpinned: f['allow-unpinned'] === true, synthetic };
}

/** A workload's synthetic-model options of its own flags (maskrcnn's --detections, ssd's --candidates). */
export interface SyntheticOptionsSource {
  syntheticOptions?(flags: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/** The run's options of its parsed flags; `workload` reads its own flags for its synthetic default. */
export function runOptionsOf(f: RunFlagValues, workload: SyntheticOptionsSource): RunOptions {
  const synthetic = workload.syntheticOptions?.(f as unknown as Record<string, unknown>) ?? {};
  return { session: sessionOptionsOf(f), model: modelOptionsOf(f, synthetic), precision: f.bf16 ? 'bf16' : 'fp32', adapterId: f.adapter };
}
