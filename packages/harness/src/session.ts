/**
 * Selects the backend, plans the precision once and loads the model: the part every mode shares. The plan made here
 * is the one the backend loads with (and the one the record states); the registry is an instance the caller passes.
 */
import { cpus } from 'node:os';
import { captureEnvironment, type BackendInfo, type PrecisionName } from '@modelbench/core';
import type { BackendOptions, BackendRegistry, InferenceBackend, LoadedModel, ModelArtifact, PrecisionPlan } from '@modelbench/backends';
import type { ResolvedModel } from './resolve-model.ts';
import type { SessionOptions } from './run-options.ts';

/** Intra-op threads: --threads, else the physical cores (onnxruntime's own default, made explicit for the record). */
export function effectiveThreads(session: Pick<SessionOptions, 'threads'>): number {
  return session.threads ?? captureEnvironment().cpu.physicalCores;
}

/** The warning for --threads above this machine's logical cores (oversubscribed: threads wait for each other). */
export function threadWarnings(session: Pick<SessionOptions, 'threads'>, logicalCores: number = cpus().length): string[] {
  if (session.threads === undefined || session.threads <= logicalCores) return [];
  return [`--threads ${session.threads} is more than this machine's ${logicalCores} logical cores: threads take turns on the cores, so the time is slower than it need be (pass --threads ${logicalCores} or fewer)`];
}

/** A backend and the precision plans of a run, decided before any slow work (model generation, downloads). */
export interface SessionPlan {
  backend: InferenceBackend;
  /** one plan per precision the run uses (validate: fp32 and the candidate's) */
  plans: Partial<Record<PrecisionName, PrecisionPlan>>;
}

/** Selects the backend (an unknown one fails here) and plans each precision once; UNSUPPORTED_PRECISION here. */
export async function planSession(session: Pick<SessionOptions, 'backendId'>, precisions: readonly PrecisionName[], registry: BackendRegistry): Promise<SessionPlan> {
  const backend = await registry.select(session.backendId);
  const plans: SessionPlan['plans'] = {};
  for (const p of precisions) plans[p] ??= backend.planPrecision(p);
  return { backend, plans };
}

/** Everything needed to open the same session again elsewhere (a worker thread of a scenario runner). */
export interface SessionSpec {
  backendId: string;
  artifact: ModelArtifact;
  options: BackendOptions;
}

export interface OpenedSession {
  backend: InferenceBackend;
  loaded: LoadedModel;
  backendInfo: BackendInfo;
  spec: SessionSpec;
}

/** Opens the session a SessionSpec describes (plain data: a worker thread receives it by message) with the same plan. */
export async function reopenSession(spec: SessionSpec, registry: BackendRegistry): Promise<LoadedModel> {
  return (await registry.select(spec.backendId)).load(spec.artifact, spec.options);
}

export function backendOptions(session: SessionOptions, plan: PrecisionPlan, profilePrefix?: string): BackendOptions {
  return {
    precision: plan,
    graphOptimizationLevel: session.graphOptimization,
    threads: effectiveThreads(session),
    ...(session.interOpThreads !== undefined ? { interOpThreads: session.interOpThreads } : {}),
    ...(session.spinning ? { spinning: true } : {}),
    ...(profilePrefix ? { profilePrefix } : {}),
  };
}

export async function openSession(model: ResolvedModel, backend: InferenceBackend, plan: PrecisionPlan, session: SessionOptions, profilePrefix?: string): Promise<OpenedSession> {
  const options = backendOptions(session, plan, profilePrefix);
  const loaded = await backend.load(model.artifact, options);
  return {
    backend,
    loaded,
    spec: { backendId: backend.id, artifact: { path: model.artifact.path }, options },
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
