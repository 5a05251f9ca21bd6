/**
 * A record seen as a matrix cell: which workload, backend, precision, threads and batch, on which machine, from which
 * run. Records the matrix wrote for cells that never ran carry that identity in `config.extra.matrixCell`.
 */
import type { PrecisionExecution, PrecisionName, RunRecord, RunStatus } from '@modelbench/core';
import type { ScenarioResult } from '@modelbench/loadgen';
import type { ScenarioName } from './cell.ts';
import type { MatrixCellTag } from './cell-record.ts';
import type { LoadedRecord } from './load-records.ts';

export interface CellView {
  record: RunRecord;
  source: string;
  status: RunStatus;
  workload: string;
  backend: string;
  precision: PrecisionName;
  execution: PrecisionExecution | null;
  threads: number | null;
  batch: number | null;
  /** the load scenario of a `--scenario` run; null for the plain timed loop */
  scenario: ScenarioName | null;
  /** scenario instances (1 for the plain loop) */
  instances: number;
  /** instances × threads per instance; null when the threads are unknown */
  coresUsed: number | null;
  /** hostname, CPU model, architecture and cores */
  machine: string;
  host: string;
}

function matrixTag(r: RunRecord): Partial<MatrixCellTag> {
  const tag = r.config?.extra?.['matrixCell'];
  return tag && typeof tag === 'object' ? (tag as Partial<MatrixCellTag>) : {};
}

/** The record's scenario as loadgen wrote it (the record schema types only the fields tools must find). */
export function scenarioOf(r: RunRecord): ScenarioResult | null {
  return (r.scenario ?? null) as unknown as ScenarioResult | null;
}

function scenarioBatch(sc: ScenarioResult): number | null {
  return typeof sc.settings.batch === 'number' ? sc.settings.batch : null;
}

export function machineName(r: RunRecord): string {
  const c = r.environment.cpu;
  return `${r.environment.hostname} (${c.model}, ${c.arch}, ${c.physicalCores} cores)`;
}

export function toCellView(l: LoadedRecord): CellView {
  const r = l.record;
  const tag = matrixTag(r);
  const measured = r.status === 'ok';
  const sc = scenarioOf(r);
  const threads = sc?.settings.threadsPerInstance ?? r.config?.threads ?? tag.threads ?? null;
  // an `auto` cell's instances are the child's (its settings); a failed one that never chose counts as 1
  const instances = sc?.settings.instances ?? (typeof tag.instances === 'number' ? tag.instances : 1);
  return {
    record: r,
    source: l.source,
    status: r.status,
    workload: r.workload,
    backend: r.backend?.id ?? tag.backend ?? 'unknown',
    precision: r.backend?.precision ?? tag.precision ?? 'fp32',
    execution: r.backend?.execution ?? null,
    threads,
    // a cell that never ran has no batch of its own: only the one the matrix asked for, if any; a scenario's batch is
    // its samples per call (its config.batch is a query's samples, an offline run's whole sample count)
    batch: sc ? scenarioBatch(sc) : measured || !tag.workload ? (r.config?.batch ?? null) : (tag.batch ?? null),
    scenario: sc?.scenario ?? tag.scenario ?? null,
    instances,
    coresUsed: threads === null ? null : threads * instances,
    machine: machineName(r),
    host: r.environment.hostname,
  };
}

/** Which parts of a label tell the cells of a report apart: the machine when there are several, the run when the
 * same cell was measured more than once on one machine. */
export interface LabelParts {
  machine: boolean;
  source: boolean;
}

export function labelParts(cells: readonly CellView[]): LabelParts {
  const keys = cells.map((c) => `${c.machine}|${c.workload}|${c.backend}|${c.precision}|${c.threads}|${c.batch}|${c.scenario}|${c.instances}|${scenarioOf(c.record)?.totals.targetQps ?? ''}`);
  return { machine: new Set(cells.map((c) => c.machine)).size > 1, source: new Set(keys).size < keys.length };
}

export function precisionText(c: CellView): string {
  return c.precision === 'bf16' && c.execution ? `bf16 (${c.execution})` : c.precision;
}

/** `ort-cpu bf16 (emulated) 2t`, with `@ host` and `[run]` where needed; without the precision for chart groups. */
export function cellText(c: CellView, parts: LabelParts, withPrecision = true): string {
  let s = `${c.backend}${withPrecision ? ` ${precisionText(c)}` : ''}${c.threads !== null ? ` ${c.threads}t` : ''}`;
  if (c.scenario) s += ` ${c.scenario} ×${c.instances}`;
  const sc = scenarioOf(c.record);
  if (c.scenario === 'server' && typeof sc?.totals.targetQps === 'number' && !sc.findPeak) s += ` @ ${sc.totals.targetQps} QPS`;
  if (parts.machine) s += ` @ ${c.host}`;
  if (parts.source) s += ` [${c.source}]`;
  return s;
}
