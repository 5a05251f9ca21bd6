/**
 * What a class's pod asks of a node, derived from what the node can give: whole cores (the most threads × instances
 * any cell uses, or resources.cpu), refused when above the class's stated allocatableCpu, with a warning where no
 * allocatable is stated and the request fills a typical instance size exactly (a node's allocatable is always below
 * its capacity: system reservations, the static CPU manager's reserved CPUs, DaemonSets); the ephemeral storage its
 * emptyDirs may fill; and how long its cells are expected to run (compare's cell estimate), which sets the Job's
 * deadline.
 */
import { BenchError } from '@modelbench/core';
import { estimateCellSeconds } from '@modelbench/compare';
import { classCells, classCpus, type FleetCell } from './cells.ts';
import type { FleetSpec, MachineClass } from './fleet-file.ts';

/** vCPU counts of common instance types (2xlarge = 8 …): a request of exactly one of them fills such a node. */
export const TYPICAL_VCPUS = [2, 4, 8, 16, 32, 48, 64, 96, 128, 192] as const;
/** emptyDirs of /tmp and /app/out */
export const SCRATCH_MI = 1024;

/** Whole cores of the pod; refused when a node of the class cannot give them. */
export function podCpus(mc: MachineClass): number {
  const cpus = classCpus(mc);
  const most = Math.max(...classCells(mc).map((c) => c.threads * (c.instances ?? 1)));
  if (most > cpus) {
    throw new BenchError('BAD_INPUT', `class ${mc.name}: a cell uses ${most} threads (threads × instances) but resources.cpu is ${cpus}`, {
      hint: `raise the class's resources.cpu to at least ${most}, or leave it out (it defaults to the most any cell uses)`,
    });
  }
  if (mc.allocatableCpu !== null && cpus > Math.floor(mc.allocatableCpu)) {
    const can = Math.floor(mc.allocatableCpu);
    throw new BenchError('BAD_INPUT', `class ${mc.name}: its pod asks for ${cpus} whole cores but a node gives at most ${can} (allocatableCpu ${mc.allocatableCpu}): it would stay Pending`, {
      hint: `lower the class's threads (× instances) to at most ${can}, or raise allocatableCpu if its nodes give more (kubectl describe node: Allocatable cpu minus the DaemonSets' requests)`,
    });
  }
  return cpus;
}

/** Why a class's pod may not schedule, said before anything is applied. */
export function classWarnings(mc: MachineClass): string[] {
  const cpus = podCpus(mc);
  if (mc.allocatableCpu !== null || !(TYPICAL_VCPUS as readonly number[]).includes(cpus)) return [];
  return [
    `class ${mc.name}: its pod asks for ${cpus} whole cores; a node with ${cpus} vCPUs cannot give that (its allocatable is below its capacity), so it schedules only on larger nodes — state the class's allocatableCpu (kubectl describe node) or use fewer threads`,
  ];
}

const UNITS: Record<string, number> = { '': 1 / 2 ** 20, k: 1e3 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20, T: 1e12 / 2 ** 20, Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 ** 2 };

/** A Kubernetes quantity (the fleet file's: digits, an optional fraction and unit) in MiB. */
export function quantityMi(q: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
  if (!m) throw new RangeError(`not a quantity: ${q}`);
  return Number(m[1]) * UNITS[m[2] ?? '']!;
}

/** The pod's ephemeral storage: resources.ephemeralStorage, or what its emptyDirs may hold (models + scratch). */
export function ephemeralStorage(fleet: FleetSpec, mc: MachineClass): string {
  if (mc.resources.ephemeralStorage) return mc.resources.ephemeralStorage;
  const models = fleet.cache.kind === 'emptyDir' ? quantityMi(fleet.cache.sizeLimit) : 0;
  return `${Math.ceil(models + 2 * SCRATCH_MI)}Mi`;
}

/** Seconds the cells are expected to take (compare's per-cell estimate). */
export function estimateSeconds(cells: readonly FleetCell[]): number {
  return cells.reduce((s, c) => s + estimateCellSeconds({ ...c, minDurationSeconds: null }), 0);
}

/** Twice the estimate and 15 minutes for pulling and scheduling, never more than every cell at its timeout. */
export function jobDeadlineSeconds(fleet: FleetSpec, cells: readonly FleetCell[]): number {
  return Math.ceil(Math.min(2 * estimateSeconds(cells), cells.length * fleet.cellTimeoutSeconds) + 900);
}
