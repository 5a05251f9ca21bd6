/**
 * Successive halving (Karnin, Koren & Somekh 2013; the inner loop of Hyperband) over a list of configurations, within
 * a wall-time budget. Every cell is measured briefly; the better half (by the measured value, higher is better) is
 * measured again, each for about twice as long; and so on until two cells are left, measured side by side in the last
 * round: the better is the best, the other the runner-up, tied when their intervals overlap.
 *
 * The budget covers everything a measurement costs (opening sessions, warm-up), not just the timed phase: each round
 * gets an equal share of what is left, split equally over its cells, minus the overhead per measurement seen so far.
 * The search is pure: it is given the cells, a cost function (measures one cell for about `durationMs`) and a clock.
 */

/** One measurement's figure: higher is better (samples/s, QPS); `low`/`high` its 95 % interval (null: none known). */
export interface Estimate {
  value: number;
  low: number | null;
  high: number | null;
  /** false when the run did not count (a server run that missed its bound); such cells rank below every valid one */
  valid: boolean;
  /** why, for the table (e.g. 'INVALID: p99 over the bound') */
  note?: string | undefined;
}

export type CostFunction<C> = (cell: C, durationMs: number, round: number) => Promise<Estimate>;

export interface HalvingOptions<C = unknown> {
  /** the whole search's wall time, ms */
  budgetMs: number;
  /** the shortest timed phase that measures anything (below it the budget is too small for the cells) */
  minCellMs: number;
  /** expected cost of one measurement beyond its timed phase (sessions, warm-up), ms; refined as trials come in */
  overheadMs?: number;
  clock: () => number;
  /** the order cells are measured in within a round (e.g. cells sharing sessions together); default: as given/ranked */
  order?: (a: C, b: C) => number;
}

export interface Trial<C> {
  cell: C;
  round: number;
  durationMs: number;
  /** wall time the measurement took, overhead included */
  spentMs: number;
  estimate: Estimate;
}

export interface Margin {
  /** best value over the runner-up's */
  ratio: number;
  tied: boolean;
  /** what decided `tied` */
  reason: string;
}

export interface SearchResult<C> {
  trials: Trial<C>[];
  /** the cells of each round, in the order measured */
  roundSizes: number[];
  best: Trial<C>;
  runnerUp: Trial<C> | undefined;
  margin: Margin | undefined;
  spentMs: number;
  /** 'complete': the last round (two cells, or one) ran; 'budget': the budget ran out before it */
  stoppedBy: 'complete' | 'budget';
}

/** A budget too small to give every cell of the first round `minCellMs`: the budget that would. */
export class BudgetTooSmallError extends Error {
  constructor(
    readonly neededMs: number,
    readonly cells: number,
  ) {
    super(`a budget of at least ${Math.ceil(neededMs / 1000)} s is needed for ${cells} cells`);
  }
}

/** Cells per round: n, ceil(n/2), … down to 2 (or just [n] for n ≤ 2). */
export function roundSizes(n: number): number[] {
  if (n < 1) throw new RangeError('successive halving needs at least one cell');
  const sizes = [n];
  while (sizes[sizes.length - 1]! > 2) sizes.push(Math.ceil(sizes[sizes.length - 1]! / 2));
  return sizes;
}

/** The least budget whose first round gives each cell `minCellMs` plus the overhead (each round gets an equal share). */
export function minimumBudgetMs(n: number, minCellMs: number, overheadMs = 0): number {
  return roundSizes(n).length * n * (minCellMs + overheadMs);
}

/** Best first: valid before invalid, then by value (stable for equal values: the earlier cell first). */
export function rankTrials<C>(trials: readonly Trial<C>[]): Trial<C>[] {
  return trials
    .map((t, i) => ({ t, i }))
    .sort((a, b) => Number(b.t.estimate.valid) - Number(a.t.estimate.valid) || b.t.estimate.value - a.t.estimate.value || a.i - b.i)
    .map(({ t }) => t);
}

/** The best's margin over the runner-up: tied when their 95 % intervals overlap (or one has none). */
export function marginOf(best: Estimate, runnerUp: Estimate): Margin {
  const ratio = runnerUp.value > 0 ? best.value / runnerUp.value : Number.POSITIVE_INFINITY;
  if (best.valid && !runnerUp.valid) return { ratio, tied: false, reason: 'the runner-up is not valid' };
  if (best.low === null || runnerUp.high === null) return { ratio, tied: true, reason: 'no interval to tell them apart' };
  if (best.low <= runnerUp.high) return { ratio, tied: true, reason: `95 % intervals overlap (best's low ${round3(best.low)} ≤ runner-up's high ${round3(runnerUp.high)})` };
  return { ratio, tied: false, reason: `95 % intervals apart (best's low ${round3(best.low)} > runner-up's high ${round3(runnerUp.high)})` };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export async function successiveHalving<C>(cells: readonly C[], measure: CostFunction<C>, o: HalvingOptions<C>): Promise<SearchResult<C>> {
  const sizes = roundSizes(cells.length);
  let overheadMs = o.overheadMs ?? 0;
  const firstDuration = o.budgetMs / sizes.length / cells.length - overheadMs;
  if (firstDuration < o.minCellMs) throw new BudgetTooSmallError(minimumBudgetMs(cells.length, o.minCellMs, overheadMs), cells.length);

  const start = o.clock();
  const trials: Trial<C>[] = [];
  const overheads: number[] = [];
  let survivors = o.order ? [...cells].sort(o.order) : [...cells];
  let lastRound: Trial<C>[] = [];
  let stoppedBy: SearchResult<C>['stoppedBy'] = 'complete';
  const measuredSizes: number[] = [];
  for (let r = 0; r < sizes.length; r++) {
    const leftMs = o.budgetMs - (o.clock() - start);
    const durationMs = leftMs / (sizes.length - r) / survivors.length - overheadMs;
    if (durationMs < o.minCellMs && r > 0) {
      stoppedBy = 'budget';
      break;
    }
    const round: Trial<C>[] = [];
    for (const cell of survivors) {
      const t0 = o.clock();
      const estimate = await measure(cell, Math.max(durationMs, o.minCellMs), r);
      const spentMs = o.clock() - t0;
      const trial = { cell, round: r, durationMs: Math.max(durationMs, o.minCellMs), spentMs, estimate };
      round.push(trial);
      trials.push(trial);
      overheads.push(Math.max(0, spentMs - trial.durationMs));
    }
    overheadMs = overheads.reduce((a, b) => a + b, 0) / overheads.length;
    measuredSizes.push(round.length);
    lastRound = rankTrials(round);
    const next = sizes[r + 1];
    if (next === undefined) break;
    survivors = lastRound.slice(0, next).map((t) => t.cell);
    if (o.order) survivors.sort(o.order);
  }
  const [best, runnerUp] = lastRound as [Trial<C>, Trial<C> | undefined];
  return {
    trials,
    roundSizes: measuredSizes,
    best,
    runnerUp,
    margin: runnerUp ? marginOf(best.estimate, runnerUp.estimate) : undefined,
    spentMs: o.clock() - start,
    stoppedBy,
  };
}
