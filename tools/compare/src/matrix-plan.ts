/**
 * Plans the matrix: every chosen workload × backend × precision × thread count, each either to run or skipped with
 * the reason. Pure: the facts about backends (availability, how each computes bf16 here) come in as data.
 */
import { BenchError, type PrecisionExecution, type PrecisionName } from '@modelbench/core';
import { PRECISIONS, type CellSpec } from './cell.ts';

export type PrecisionFact = { ok: true; execution: PrecisionExecution; reason: string } | { ok: false; reason: string };

export interface BackendFacts {
  id: string;
  available: boolean;
  /** why the backend is unavailable (probe failure) */
  unavailableReason: string | null;
  runtime: string;
  runtimeVersion: string;
  provider: string;
  precision: Record<PrecisionName, PrecisionFact>;
}

export interface MatrixSelection {
  workloads: string[];
  backends: string[];
  precisions: PrecisionName[];
  threads: number[];
  /** run bf16 cells that are only emulated here (their time says nothing about bf16 speed) */
  includeEmulated: boolean;
}

export type PlannedCell =
  | { spec: CellSpec; action: 'run'; execution: PrecisionExecution }
  | { spec: CellSpec; action: 'skip'; execution: PrecisionExecution | null; code: SkipCode; reason: string };

/** Why a cell was skipped, as a stable code (stored as the skipped record's `error.code`). */
export type SkipCode = 'BACKEND_UNAVAILABLE' | 'UNSUPPORTED_PRECISION' | 'EMULATED_ONLY';

/** Rejects names that do not exist, listing the valid ones (exit code 2). */
export function checkSelection(sel: MatrixSelection, knownWorkloads: string[], knownBackends: string[]): void {
  const check = (kind: string, flag: string, chosen: string[], known: readonly string[]): void => {
    if (chosen.length === 0) throw new BenchError('USAGE', `matrix: no ${kind} chosen`, { hint: `valid: ${known.join(', ') || '(none)'}` });
    const unknown = chosen.filter((c) => !known.includes(c));
    if (unknown.length) {
      throw new BenchError(kind === 'backend' ? 'UNKNOWN_BACKEND' : 'USAGE', `matrix: unknown ${kind} '${unknown.join("', '")}' in --${flag}`, {
        hint: `valid ${kind}s: ${known.join(', ') || '(none)'}`,
      });
    }
  };
  check('workload', 'workloads', sel.workloads, knownWorkloads);
  check('backend', 'backends', sel.backends, knownBackends);
  check('precision', 'precisions', sel.precisions, PRECISIONS);
  if (sel.threads.length === 0) throw new BenchError('USAGE', 'matrix: no thread count chosen', { hint: 'for example --threads 1,2' });
}

function planOne(spec: CellSpec, facts: BackendFacts, includeEmulated: boolean): PlannedCell {
  if (!facts.available) {
    return { spec, action: 'skip', execution: null, code: 'BACKEND_UNAVAILABLE', reason: `backend ${facts.id} is unavailable here: ${facts.unavailableReason ?? 'probe failed'}` };
  }
  const p = facts.precision[spec.precision];
  if (!p.ok) return { spec, action: 'skip', execution: null, code: 'UNSUPPORTED_PRECISION', reason: p.reason };
  if (spec.precision === 'bf16' && p.execution === 'emulated' && !includeEmulated) {
    return {
      spec,
      action: 'skip',
      execution: 'emulated',
      code: 'EMULATED_ONLY',
      reason: `bf16 is only emulated on ${facts.id} here (${p.reason}); pass --include-emulated to run it anyway`,
    };
  }
  return { spec, action: 'run', execution: p.execution };
}

export function planMatrix(sel: MatrixSelection, facts: ReadonlyMap<string, BackendFacts>): PlannedCell[] {
  const cells: PlannedCell[] = [];
  for (const workload of sel.workloads) {
    for (const backend of sel.backends) {
      const f = facts.get(backend);
      if (!f) throw new BenchError('INTERNAL', `matrix: no facts about backend '${backend}'`);
      for (const precision of sel.precisions) {
        for (const threads of sel.threads) cells.push(planOne({ workload, backend, precision, threads }, f, sel.includeEmulated));
      }
    }
  }
  return cells;
}
