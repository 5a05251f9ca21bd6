/**
 * One cell of the matrix: a workload run on one backend, in one precision, with one thread count — and, in a scaling
 * sweep, one load scenario with a number of instances. Its id names the record file in the results folder, so an
 * interrupted matrix finds what it already measured.
 */
import type { PrecisionName } from '@modelbench/core';
import { SCENARIOS, type ScenarioName } from '@modelbench/loadgen';

export const PRECISIONS: readonly PrecisionName[] = ['fp32', 'bf16'];

export interface CellSpec {
  workload: string;
  backend: string;
  precision: PrecisionName;
  threads: number;
}

/** File-name-safe id: `resnet50__ort-cpu__bf16__t2`. */
export function cellId(c: CellSpec): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(c.workload)}__${safe(c.backend)}__${c.precision}__t${c.threads}`;
}

export function cellFileName(c: CellSpec): string {
  return `${cellId(c)}.json`;
}

export function cellLabel(c: CellSpec): string {
  return `${c.workload} ${c.backend} ${c.precision} ${c.threads}t`;
}

/** The load scenarios of `performance --scenario`: loadgen's own list. */
export { SCENARIOS, type ScenarioName };
/** `--scenarios plain` names the plain timed loop (no --scenario) beside the load scenarios. */
export const PLAIN_LOOP = 'plain';

/** `--instances auto`: the child takes the saved tune result for this machine and model, else the cores rule. */
export const AUTO_INSTANCES = 'auto';

/** A sweep cell's --instances: a count, `auto` (the child picks; its record says how many and why), or null (not passed). */
export type SweepInstances = number | typeof AUTO_INSTANCES | null;

/** A cell of a sweep: the scenario (null: the plain timed loop) and its instances (null: not passed). */
export interface SweepSpec extends CellSpec {
  scenario: ScenarioName | null;
  instances: SweepInstances;
}

/** A cell as older callers name it: without the sweep's fields, it is a plain-loop cell. */
export type AnyCellSpec = CellSpec & Partial<Pick<SweepSpec, 'scenario' | 'instances'>>;

export function asSweepSpec(c: AnyCellSpec): SweepSpec {
  return { ...c, scenario: c.scenario ?? null, instances: c.instances ?? null };
}

/** `resnet50__ort-cpu__fp32__t2__offline__i2`: cellId plus the scenario and instances when given (as tools/fleet). */
export function sweepCellId(c: SweepSpec): string {
  return cellId(c) + (c.scenario ? `__${c.scenario}` : '') + (c.instances !== null ? `__i${c.instances}` : '');
}

export function sweepCellFileName(c: SweepSpec): string {
  return `${sweepCellId(c)}.json`;
}

export function sweepCellLabel(c: SweepSpec): string {
  return cellLabel(c) + (c.scenario ? ` ${c.scenario}` : '') + (c.instances !== null ? ` ×${c.instances}` : '');
}

/** Cores a cell keeps busy: instances × intra-op threads; null for `auto` (known only from the child's record). */
export function coresUsed(c: { threads: number; instances: SweepInstances }): number | null {
  return c.instances === AUTO_INSTANCES ? null : c.threads * (c.instances ?? 1);
}
