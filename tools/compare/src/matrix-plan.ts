/**
 * Plans the matrix: every chosen workload × backend × precision × scenario × thread count × instances, each either to
 * run or skipped with the reason; a cell using more cores (instances × threads) than the machine has runs, with a
 * warning. Pure: the facts about backends (availability, how each computes bf16 here) come in as data.
 */
import { BenchError, type PrecisionExecution, type PrecisionName } from '@modelbench/core';
import { coresUsed, PRECISIONS, type ScenarioName, type SweepInstances, type SweepSpec } from './cell.ts';

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
  /** load scenarios, null for the plain timed loop (default: [null], the plain loop only) */
  scenarios?: (ScenarioName | null)[];
  /** --instances of the scenario cells (default: not passed, loadgen's 1; `auto`: the child's tuned split or cores
   * rule at the cell's threads); the plain loop has one session */
  instances?: Exclude<SweepInstances, null>[] | null;
  /** the machine's physical cores: cells above them are run with a warning */
  physicalCores?: number;
}

export type PlannedCell =
  | { spec: SweepSpec; action: 'run'; execution: PrecisionExecution; warning?: string }
  | { spec: SweepSpec; action: 'skip'; execution: PrecisionExecution | null; code: SkipCode; reason: string };

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
  if (sel.instances?.length && !(sel.scenarios ?? [null]).some((s) => s !== null)) {
    throw new BenchError('USAGE', 'matrix: --instances needs a load scenario (the plain timed loop runs one session)', { hint: 'add --scenarios offline (or single-stream, multi-stream, server)' });
  }
}

function planOne(spec: SweepSpec, facts: BackendFacts, includeEmulated: boolean, physicalCores: number | undefined): PlannedCell {
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
  // an `auto` cell's instances are the child's choice (cores rule or tune result): no warning can be known here
  const cores = coresUsed(spec);
  if (physicalCores !== undefined && cores !== null && cores > physicalCores) {
    const warning = `${spec.instances ?? 1} instance(s) × ${spec.threads} threads = ${cores} cores on ${physicalCores} physical cores: they share cores, so its throughput understates scaling`;
    return { spec, action: 'run', execution: p.execution, warning };
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
        for (const scenario of sel.scenarios ?? [null]) {
          for (const threads of sel.threads) {
            // the plain loop has one session: instances belong to the load scenarios
            const instances = scenario === null || !sel.instances?.length ? [null] : sel.instances;
            for (const n of instances) {
              const spec: SweepSpec = { workload, backend, precision, threads, scenario, instances: n };
              cells.push(planOne(spec, f, sel.includeEmulated, sel.physicalCores));
            }
          }
        }
      }
    }
  }
  return cells;
}
