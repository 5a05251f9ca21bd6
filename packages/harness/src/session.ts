/** Selects the backend, plans the precision and loads the model: the part every mode shares. */
import { BenchError, captureEnvironment, type BackendInfo, type PrecisionName } from '@modelbench/core';
import { registry, type GraphOptimizationLevel, type InferenceBackend, type LoadedModel } from '@modelbench/backends';
import type { ResolvedModel } from './resolve-model.ts';

export interface SessionFlags {
  backend: string;
  threads?: number | undefined;
  'inter-op-threads'?: number | undefined;
  'graph-optimization': string;
  spinning?: boolean | undefined;
}

const LEVELS: GraphOptimizationLevel[] = ['disabled', 'basic', 'extended', 'all'];

/** Intra-op threads: --threads, else the physical cores (onnxruntime's own default, made explicit for the record). */
export function effectiveThreads(flags: Pick<SessionFlags, 'threads'>): number {
  return flags.threads ?? captureEnvironment().cpu.physicalCores;
}

export interface OpenedSession {
  backend: InferenceBackend;
  loaded: LoadedModel;
  backendInfo: BackendInfo;
}

/** Checks the session flags before any slow work (model generation, downloads): unknown backend, bad level. */
export async function checkSessionFlags(flags: SessionFlags, precision: PrecisionName): Promise<InferenceBackend> {
  const level = flags['graph-optimization'] as GraphOptimizationLevel;
  if (!LEVELS.includes(level)) {
    throw new BenchError('USAGE', `--graph-optimization must be one of ${LEVELS.join(', ')}, got '${flags['graph-optimization']}'`);
  }
  const backend = await registry.select(flags.backend);
  backend.planPrecision(precision); // throws UNSUPPORTED_PRECISION before anything is loaded
  return backend;
}

export async function openSession(model: ResolvedModel, flags: SessionFlags, precision: PrecisionName, profilePrefix?: string): Promise<OpenedSession> {
  const backend = await checkSessionFlags(flags, precision);
  const level = flags['graph-optimization'] as GraphOptimizationLevel;
  const loaded = await backend.load(model.artifact, {
    precision,
    graphOptimizationLevel: level,
    threads: effectiveThreads(flags),
    ...(flags['inter-op-threads'] !== undefined ? { interOpThreads: flags['inter-op-threads'] } : {}),
    ...(flags.spinning ? { spinning: true } : {}),
    ...(profilePrefix ? { profilePrefix } : {}),
  });
  return {
    backend,
    loaded,
    backendInfo: {
      id: backend.id,
      runtime: backend.runtime,
      runtimeVersion: backend.runtimeVersion,
      provider: backend.provider,
      precision: loaded.precision.precision,
      execution: loaded.precision.execution,
      sessionOptions: loaded.sessionOptions,
    },
  };
}
