/**
 * How long a cell is expected to take before any cell was measured: the matrix's progress line uses it until the
 * first cell is done (then the mean of the measured cells), and a fleet sizes each Job's deadline and prints each
 * class's expected time with it.
 *
 * The reference is the measured time of each workload's default `performance` run (model synthesis, session load,
 * 1 warm-up and 10 timed batches of its default batch) on a 2-core x86 machine under load (issue 23: resnet50 76 s,
 * ssd 92 s, maskrcnn 639 s, bert 272 s): a slow machine, so the estimate errs long on server nodes. The timed part
 * scales with the batches asked for; bf16 counts twice (emulated bf16 casts every tensor); a scenario cell adds its
 * minimum duration. An unknown workload counts as the slowest one.
 */
export const REFERENCE_CELL_SECONDS: Readonly<Record<string, number>> = { resnet50: 76, ssd: 92, maskrcnn: 639, bert: 272 };
/** batches of the reference run: 1 warm-up + 10 timed */
const REFERENCE_BATCHES = 11;
/** the part of a reference run that is set-up (synthesis, session load), not batches: a stated guess */
const SETUP_SHARE = 0.5;
/** a scenario cell's run length when no --min-duration is given (loadgen's short default minima, rounded up) */
export const DEFAULT_SCENARIO_SECONDS = 60;

export interface CellEstimateInput {
  workload: string;
  precision: 'fp32' | 'bf16';
  scenario: string | null;
  iterations: number | null;
  warmup: number | null;
  /** a scenario cell's --min-duration, seconds */
  minDurationSeconds?: number | null;
}

export function estimateCellSeconds(c: CellEstimateInput): number {
  const reference = REFERENCE_CELL_SECONDS[c.workload] ?? Math.max(...Object.values(REFERENCE_CELL_SECONDS));
  const setup = reference * SETUP_SHARE;
  const perBatch = (reference - setup) / REFERENCE_BATCHES;
  const precision = c.precision === 'bf16' ? 2 : 1;
  if (c.scenario) return setup + precision * (perBatch + (c.minDurationSeconds ?? DEFAULT_SCENARIO_SECONDS));
  const batches = (c.warmup ?? 1) + (c.iterations ?? 10);
  return setup + precision * perBatch * batches;
}

export function estimateCellsSeconds(cells: readonly CellEstimateInput[]): number {
  return cells.reduce((s, c) => s + estimateCellSeconds(c), 0);
}
