/**
 * A machine class's matrix as cells: workload × backend × precision × scenario × threads × instances. A cell's id
 * extends `compare:matrix`'s (`resnet50__ort-cpu__bf16__t2`) with the scenario and instance count when the fleet
 * names them, so a class's results folder reads like a matrix's and `compare:report` / `compare:compare` take it.
 */
import { sweepCellId, type CellSpec } from '@modelbench/compare';
import type { MachineClass } from './fleet-file.ts';
import type { PodCell } from './pod-plan.ts';
import type { FleetScenario } from './vocabulary.ts';

export interface FleetCell extends CellSpec {
  scenario: FleetScenario | null;
  instances: number | null;
  batch: number | null;
  iterations: number | null;
  warmup: number | null;
}

/** The matrix's sweep cell id, so a class's results folder names its cells as `compare:matrix` does. */
export function fleetCellId(c: FleetCell): string {
  return sweepCellId(c);
}

export function fleetCellLabel(c: FleetCell): string {
  return `${c.workload} ${c.backend} ${c.precision} ${c.threads}t${c.scenario ? ` ${c.scenario}` : ''}${c.instances !== null ? ` ×${c.instances}` : ''}`;
}

/** The arguments after the workload's main.ts: `performance` with the cell's flags, as a person would type them. */
export function cellCommand(c: FleetCell): string[] {
  const args = ['performance', '--backend', c.backend, '--threads', String(c.threads)];
  if (c.precision === 'bf16') args.push('--bf16');
  if (c.scenario) args.push('--scenario', c.scenario);
  if (c.instances !== null) args.push('--instances', String(c.instances));
  if (c.batch !== null) args.push('--batch', String(c.batch));
  if (c.iterations !== null) args.push('--iterations', String(c.iterations));
  if (c.warmup !== null) args.push('--warmup', String(c.warmup));
  // the synthetic default models are generated in the pod: nothing may be downloaded at run time
  args.push('--offline');
  return args;
}

export function classCells(mc: MachineClass): FleetCell[] {
  const m = mc.matrix;
  const cells: FleetCell[] = [];
  for (const workload of m.workloads) {
    for (const backend of m.backends) {
      for (const precision of m.precisions) {
        for (const scenario of m.scenarios ?? [null]) {
          for (const threads of m.threads) {
            for (const instances of m.instances ?? [null]) {
              cells.push({ workload, backend, precision, threads, scenario, instances, batch: m.batch, iterations: m.iterations, warmup: m.warmup });
            }
          }
        }
      }
    }
  }
  return cells;
}

export function podCell(c: FleetCell): PodCell {
  return { id: fleetCellId(c), workload: c.workload, args: cellCommand(c) };
}

/** Cores a class's pod needs: the most any cell uses at once (threads × instances), unless the fleet file says. */
export function classCpus(mc: MachineClass): number {
  if (mc.resources.cpu !== null) return mc.resources.cpu;
  return Math.max(...classCells(mc).map((c) => c.threads * (c.instances ?? 1)));
}
