/**
 * What `tune` prints and records for one objective: a table of every measurement (cell, round, timed seconds, figure
 * with its interval), the best configuration and its margin over the runner-up — "tied" where the intervals overlap.
 */
import { fixed, renderTable, type RunRecord } from '@modelbench/core';
import { cellLabel } from './grid.ts';
import type { TunedCell } from './saved.ts';
import type { Estimate, SearchResult, Trial } from './search.ts';

export type TuneObjective = NonNullable<RunRecord['tune']>['objectives'][number];

const figureOf = (e: Estimate): TuneObjective['best']['figure'] => ({ value: e.value, low: e.low, high: e.high, valid: e.valid, ...(e.note ? { note: e.note } : {}) });

export function objectiveRecord(
  objective: 'offline' | 'server',
  r: SearchResult<TunedCell>,
  o: { budgetMs: number; latencyBoundMs: number | null; coresRule: TunedCell },
): TuneObjective {
  const pick = (t: Trial<TunedCell>) => ({ cell: { ...t.cell }, figure: figureOf(t.estimate) });
  return {
    objective,
    unit: objective === 'offline' ? 'samples/s' : 'QPS',
    interval: objective === 'offline' ? '95 % interval of the mean rate (batch means over 10 time windows, Student t)' : "find-peak's bracket: the peak met the bound, the upper end (lowest QPS that missed) did not",
    method: `successive halving: rounds of ${r.roundSizes.join(' → ')} cells, each round an equal share of the budget left, the better half measured again for longer`,
    latencyBoundMs: o.latencyBoundMs,
    budgetSeconds: o.budgetMs / 1000,
    spentSeconds: r.spentMs / 1000,
    stoppedBy: r.stoppedBy,
    roundSizes: r.roundSizes,
    trials: r.trials.map((t) => ({ cell: { ...t.cell }, round: t.round, durationMs: t.durationMs, spentMs: t.spentMs, figure: figureOf(t.estimate) })),
    best: pick(r.best),
    runnerUp: r.runnerUp ? pick(r.runnerUp) : null,
    margin: r.margin ?? null,
    coresRule: o.coresRule,
  };
}

function intervalText(f: TuneObjective['best']['figure'], digits: number): string {
  if (!f.valid) return 'not valid';
  if (f.low === null || f.high === null) return f.low !== null ? `≥ ${fixed(f.low, digits)}` : 'n/a';
  return `${fixed(f.low, digits)} – ${fixed(f.high, digits)}`;
}

export function objectiveLines(o: TuneObjective): string[] {
  const digits = o.objective === 'offline' ? 2 : 0;
  const rows = o.trials.map((t) => [cellLabel(t.cell), String(t.round + 1), fixed(t.durationMs / 1000, 1), t.figure.valid ? fixed(t.figure.value, digits) : '—', intervalText(t.figure, digits), t.figure.note ?? '']);
  const lines = [
    `${o.objective}${o.latencyBoundMs !== null ? ` (p99 ≤ ${o.latencyBoundMs} ms)` : ''}: ${o.trials.length} measurements in ${fixed(o.spentSeconds, 1)} s of a ${fixed(o.budgetSeconds, 0)} s budget; ${o.method}${o.stoppedBy === 'budget' ? ' (stopped early: budget spent)' : ''}`,
    renderTable(['cell', 'round', 'timed s', o.unit, o.objective === 'offline' ? '95 % interval' : 'bracket', 'note'], rows, ['left', 'right', 'right', 'right', 'right', 'left']),
  ];
  const b = o.best;
  if (!b.figure.valid) {
    lines.push(`best ${o.objective}: none — ${b.figure.note ?? 'no cell gave a valid result'}`);
    return lines;
  }
  let margin = '';
  if (o.runnerUp && o.margin) {
    margin = o.margin.tied
      ? `; tied with ${cellLabel(o.runnerUp.cell)} (${fixed(o.margin.ratio, 3)}×; ${o.margin.reason})`
      : `; ${fixed(o.margin.ratio, 3)}× the runner-up ${cellLabel(o.runnerUp.cell)} (${o.margin.reason})`;
  }
  lines.push(`best ${o.objective}: ${cellLabel(b.cell)} — ${fixed(b.figure.value, digits)} ${o.unit} [${intervalText(b.figure, digits)}]${margin}`);
  lines.push(`  (the cores rule, --instances auto before tuning: ${cellLabel(o.coresRule)})`);
  return lines;
}
