/**
 * Per workload (and batch size), who wins: the measured cells ranked by median latency of one batch, the winner and
 * runner-up, speedups, efficiency, and warnings where the ranking is not to be trusted. Emulated bf16 cells are shown
 * but never ranked: their time is fp32 plus casts and says nothing about bf16 speed.
 */
import { fixed } from '@modelbench/core';
import { cellText, labelParts, type CellView, type LabelParts } from './cell-view.ts';
import { compareLatency, type LatencyComparison } from './verdict.ts';

export interface RankedCell {
  cell: CellView;
  medianMs: number;
  /** winner's median ÷ this cell's median (1 for the winner, below 1 for slower cells); null when not ranked */
  relativeToWinner: number | null;
  /** the fp32 cell of the same machine, backend, threads and run ÷ this cell: above 1 means faster than fp32 */
  speedupOverFp32: number | null;
  ranked: boolean;
}

export interface WorkloadSummary {
  workload: string;
  batch: number | null;
  cells: RankedCell[];
  notMeasured: CellView[];
  winner: RankedCell | null;
  runnerUp: RankedCell | null;
  /** runner-up's median ÷ winner's median */
  speedupOverRunnerUp: number | null;
  /** winner against runner-up, with the same noise rule as `compare` */
  margin: LatencyComparison | null;
  warnings: string[];
  /** measured load-scenario cells of the workload, shown in the scaling sweep rather than ranked here */
  scenarioCells?: number;
}

export interface Summary {
  workloads: WorkloadSummary[];
  parts: LabelParts;
  machines: string[];
}

const isEmulated = (c: CellView): boolean => c.precision === 'bf16' && c.execution === 'emulated';

function fp32Twin(c: CellView, all: readonly CellView[]): CellView | undefined {
  return all.find(
    (o) => o.status === 'ok' && o.precision === 'fp32' && o.machine === c.machine && o.backend === c.backend && o.threads === c.threads && o.source === c.source && o.batch === c.batch,
  );
}

function summarizeGroup(workload: string, batch: number | null, measured: CellView[], notMeasured: CellView[], parts: LabelParts): WorkloadSummary {
  const sorted = [...measured].sort((a, b) => a.record.latency!.medianMs - b.record.latency!.medianMs);
  const rankable = sorted.filter((c) => !isEmulated(c));
  const best = rankable[0];
  const cells: RankedCell[] = sorted.map((cell) => {
    const medianMs = cell.record.latency!.medianMs;
    const twin = fp32Twin(cell, measured);
    return {
      cell,
      medianMs,
      ranked: !isEmulated(cell),
      relativeToWinner: best && !isEmulated(cell) ? best.record.latency!.medianMs / medianMs : null,
      speedupOverFp32: twin ? twin.record.latency!.medianMs / medianMs : null,
    };
  });
  const winner = cells.find((c) => c.ranked) ?? null;
  const runnerUp = cells.filter((c) => c.ranked)[1] ?? null;
  const warnings: string[] = [];
  let margin: LatencyComparison | null = null;
  if (winner && runnerUp) {
    margin = compareLatency(runnerUp.cell.record.latency!, winner.cell.record.latency!);
    const diff = Math.abs(margin.changePercent);
    if (margin.verdict === 'no significant change' || margin.spreadPercent > diff) {
      const why =
        margin.spreadPercent > diff
          ? `but the spread between repeats (sd up to ${fixed(margin.spreadPercent, 1)} %) is larger`
          : `but with these repeats (sd up to ${fixed(margin.spreadPercent, 1)} %) that is not significant`;
      warnings.push(
        `${cellText(winner.cell, parts)} and ${cellText(runnerUp.cell, parts)} differ by ${fixed(diff, 1)} % ${why}: ` +
          `not a reliable order (${margin.reason}); measure again with more --iterations`,
      );
    }
  }
  const few = sorted.filter((c) => c.record.latency!.samples < 2);
  if (few.length) warnings.push(`${few.length} cell(s) have a single timed iteration: no spread is known for them`);
  const overPeak = sorted.filter((c) => (c.record.efficiency ?? 0) > 1);
  if (overPeak.length) {
    warnings.push(`${overPeak.length} cell(s) exceed 100 % of the calibrated GEMM peak: that calibration ran low (a busy machine?), so read efficiency as a rough figure`);
  }
  if (sorted.some(isEmulated)) warnings.push('bf16 is only emulated for some cells: they are listed, not ranked (their time says nothing about bf16 speed)');
  return {
    workload,
    batch,
    cells,
    notMeasured,
    winner,
    runnerUp,
    speedupOverRunnerUp: winner && runnerUp ? runnerUp.medianMs / winner.medianMs : null,
    margin,
    warnings,
  };
}

export function summarizeCells(all: readonly CellView[]): Summary {
  const parts = labelParts(all);
  const workloads = [...new Set(all.map((c) => c.workload))].sort();
  const out: WorkloadSummary[] = [];
  for (const w of workloads) {
    const mine = all.filter((c) => c.workload === w);
    // scenario cells are not ranked by a batch's latency: the sweep section (sweep.ts) shows them
    const measured = mine.filter((c) => c.status === 'ok' && c.record.latency !== null && c.scenario === null);
    const notMeasured = mine.filter((c) => c.status !== 'ok' || c.record.latency === null);
    const batches = [...new Set(measured.map((c) => c.batch))].sort((a, b) => (a ?? 0) - (b ?? 0));
    const scenarioCells = mine.filter((c) => c.status === 'ok' && c.scenario !== null).length;
    if (batches.length === 0) out.push({ ...summarizeGroup(w, null, [], notMeasured, parts), ...(scenarioCells ? { scenarioCells } : {}) });
    batches.forEach((b, i) => out.push(summarizeGroup(w, b, measured.filter((c) => c.batch === b), i === 0 ? notMeasured : [], parts)));
  }
  return { workloads: out, parts, machines: [...new Set(all.map((c) => c.machine))].sort() };
}
