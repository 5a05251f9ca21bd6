/**
 * Records the matrix writes itself, for cells whose performance run produced none: skipped (could not run here) and
 * error (the run failed). They carry the environment like every record, and the cell's identity in
 * `config.extra.matrixCell`, since a cell that never ran has no model and may have no backend plan.
 */
import { buildRecord, type BackendInfo, type PrecisionExecution, type RunRecord } from '@modelbench/core';
import type { CellSpec, ScenarioName, SweepInstances } from './cell.ts';
import type { BackendFacts } from './matrix-plan.ts';

export interface MatrixCellTag extends CellSpec {
  /** a sweep cell's load scenario (null or absent: the plain timed loop) and --instances */
  scenario?: ScenarioName | null;
  /** `auto`: the matrix passed --instances auto (the record's scenario.settings say what the child chose) */
  instances?: SweepInstances;
  /** the --batch the matrix passed, null when the workload's default was left to it */
  batch: number | null;
  iterations: number | null;
}

/** The tag of a cell: a plain-loop cell's is as before sweeps (no scenario or instances keys). */
export function matrixCellTag(spec: CellSpec & { scenario?: ScenarioName | null; instances?: SweepInstances }, batch: number | null, iterations: number | null): MatrixCellTag {
  const { scenario, instances, ...plain } = spec;
  return { ...plain, ...(scenario ? { scenario } : {}), ...(instances != null ? { instances } : {}), batch, iterations };
}

export interface CellRunSettings {
  batch: number | null;
  iterations: number | null;
}

export type CellProblem =
  | { status: 'skipped'; code: string; reason: string }
  | { status: 'error'; error: { code: string; message: string; hint?: string } };

function backendInfo(spec: CellSpec, facts: BackendFacts | undefined, execution: PrecisionExecution | null): BackendInfo | null {
  if (!facts || execution === null) return null;
  return {
    id: spec.backend,
    runtime: facts.runtime,
    runtimeVersion: facts.runtimeVersion,
    provider: facts.provider,
    precision: spec.precision,
    execution,
    sessionOptions: {},
  };
}

export function cellRecord(
  spec: CellSpec & { scenario?: ScenarioName | null; instances?: SweepInstances },
  settings: CellRunSettings,
  facts: BackendFacts | undefined,
  execution: PrecisionExecution | null,
  problem: CellProblem,
  startedAt: Date = new Date(),
): RunRecord {
  const matrixCell = matrixCellTag(spec, settings.batch, settings.iterations);
  // the one record builder, with nothing measured; a skipped cell's reason travels where an error's would, with its
  // own code (BACKEND_UNAVAILABLE, EMULATED_ONLY, …), and its status says which
  const error = problem.status === 'skipped' ? { code: problem.code, message: problem.reason } : problem.error;
  const record = buildRecord({
    mode: 'performance',
    workload: spec.workload,
    startedAt,
    model: null,
    backend: backendInfo(spec, facts, execution),
    config: {
      batch: settings.batch ?? 1,
      batchMode: 'tensor',
      warmupIterations: 0,
      warmupMs: 0,
      iterations: settings.iterations,
      timeBudgetSeconds: null,
      threads: spec.threads,
      interOpThreads: null,
      input: problem.status === 'skipped' ? 'none (cell skipped)' : 'none (run failed)',
      extra: { matrixCell },
    },
    // the cell ran no process of its own: no memory figure (the matrix's own would be misleading)
    peakRssBytes: 0,
    error,
  });
  if (problem.status === 'error' || record.status !== 'error') return record;
  return { ...record, mode: 'performance', status: 'skipped' };
}
