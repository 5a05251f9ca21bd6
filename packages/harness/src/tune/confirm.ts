/**
 * `tune --confirm-s S`: after the search, is the tuned offline configuration at least as fast as the obvious ones?
 * The best cell, one session on every core (1 × cores) and one single-thread session per core (cores × 1) — at the
 * best's batch and at batch 1 — are each measured for S seconds, one after another, the same way as the search's
 * cells. The baseline is the faster of the 1 × cores and cores × 1 rows; the margin says "tied" where the intervals
 * overlap (search.ts's rule).
 */
import { fixed, renderTable, type RunRecord } from '@modelbench/core';
import { bySplit, cellLabel } from './grid.ts';
import type { TunedCell } from './saved.ts';
import { marginOf, type Estimate } from './search.ts';

export type Confirmation = NonNullable<NonNullable<RunRecord['tune']>['confirm']>;

const same = (a: TunedCell, b: TunedCell): boolean => a.instances === b.instances && a.threads === b.threads && a.batch === b.batch;
const figureOf = (e: Estimate): Confirmation['rows'][number]['figure'] => ({ value: e.value, low: e.low, high: e.high, valid: e.valid, ...(e.note ? { note: e.note } : {}) });

export function confirmCells(best: TunedCell, cores: number): TunedCell[] {
  const all = [best, ...[best.batch, 1].flatMap((batch) => [{ instances: 1, threads: cores, batch }, { instances: cores, threads: 1, batch }])];
  return all.filter((c, i) => all.findIndex((d) => same(c, d)) === i).sort(bySplit);
}

export async function confirmBest(
  best: TunedCell,
  cores: number,
  durationMs: number,
  measure: (cell: TunedCell, durationMs: number) => Promise<Estimate>,
  onCell?: (cell: TunedCell, i: number, n: number) => void,
): Promise<Confirmation> {
  const cells = confirmCells(best, cores);
  const rows: Confirmation['rows'] = [];
  for (const [i, cell] of cells.entries()) {
    onCell?.(cell, i + 1, cells.length);
    rows.push({ cell, figure: figureOf(await measure(cell, durationMs)) });
  }
  const bestRow = rows.find((r) => same(r.cell, best))!;
  const baselines = rows.filter((r) => !same(r.cell, best) && (r.cell.instances === 1 || r.cell.threads === 1));
  const baseline = baselines.length ? baselines.reduce((a, b) => (b.figure.value > a.figure.value ? b : a)) : bestRow;
  return { seconds: durationMs / 1000, rows, baseline, margin: marginOf(bestRow.figure, baseline.figure) };
}

export function confirmLines(c: Confirmation): string[] {
  const rows = c.rows.map((r) => [cellLabel(r.cell), fixed(r.figure.value, 2), r.figure.low !== null && r.figure.high !== null ? `${fixed(r.figure.low, 2)} – ${fixed(r.figure.high, 2)}` : 'n/a', same(r.cell, c.baseline.cell) ? 'baseline' : '']);
  const verdict = c.margin.tied ? `tied (${fixed(c.margin.ratio, 3)}×; ${c.margin.reason})` : `${fixed(c.margin.ratio, 3)}× (${c.margin.reason})`;
  return [
    `confirm (offline, ${fixed(c.seconds, 1)} s each, one after another):`,
    renderTable(['cell', 'samples/s', '95 % interval', ''], rows, ['left', 'right', 'right', 'left']),
    `tuned vs the best of 1 × cores and cores × 1 (${cellLabel(c.baseline.cell)}): ${verdict}`,
  ];
}
