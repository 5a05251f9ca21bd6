/**
 * Per workload (and batch size), who wins: the measured cells ranked by mean latency of one batch, and a winner only
 * where the data decide it. The fastest cell wins when Welch's test (verdict.ts, the rule `compare` uses) says it is
 * faster than every other ranked cell; the cells it cannot be told from are "tied" with it, and the sentence shows
 * the test. Speed-ups carry their 95 % interval (speedup.ts). Emulated bf16 cells (fp32 plus casts) and the `null`
 * backend (it measures the harness) are listed but never ranked.
 */
import { fixed } from '@modelbench/core';
import { cellText, labelParts, type CellView, type LabelParts } from './cell-view.ts';
import { meanHalfWidth95, speedup, type Speedup } from './speedup.ts';
import { compareLatency, type LatencyComparison } from './verdict.ts';

export interface RankedCell {
  cell: CellView;
  meanMs: number;
  medianMs: number;
  /** half-width of the 95 % interval of the mean; null below two samples */
  meanHalfWidth95Ms: number | null;
  /** this cell's mean ÷ the fastest ranked cell's (1 for the fastest, above 1 for slower cells); null when not ranked */
  relativeToFastest: Speedup | null;
  /** the fp32 cell of the same machine, backend, threads and run over this cell: above 1 means faster than fp32 */
  speedupOverFp32: Speedup | null;
  ranked: boolean;
  /** why a listed cell is not ranked */
  notRankedReason: string | null;
}

export interface WorkloadSummary {
  workload: string;
  batch: number | null;
  cells: RankedCell[];
  notMeasured: CellView[];
  /** the ranked cell with the lowest mean */
  fastest: RankedCell | null;
  /** the fastest cell where the test sets it apart from every other ranked cell; null when tied */
  winner: RankedCell | null;
  runnerUp: RankedCell | null;
  /** the fastest and every ranked cell it is not significantly faster than; two or more: tied */
  tied: RankedCell[];
  /** runner-up's mean ÷ the fastest's, with its 95 % interval */
  speedupOverRunnerUp: Speedup | null;
  /** the fastest against the runner-up, with the same noise rule as `compare` */
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

/** The backend that runs no model: its figures are the harness's own cost, never a contender's. */
export const NULL_BACKEND = 'null';

export function notRankedReason(c: CellView): string | null {
  if (c.backend === NULL_BACKEND) return 'the null backend measures the harness, not a contender';
  if (c.precision === 'bf16' && c.execution === 'emulated') return 'bf16 only emulated here';
  return null;
}

function fp32Twin(c: CellView, all: readonly CellView[]): CellView | undefined {
  return all.find(
    (o) => o.status === 'ok' && o.precision === 'fp32' && o.machine === c.machine && o.backend === c.backend && o.threads === c.threads && o.source === c.source && o.batch === c.batch,
  );
}

function summarizeGroup(workload: string, batch: number | null, measured: CellView[], notMeasured: CellView[], parts: LabelParts): WorkloadSummary {
  const sorted = [...measured].sort((a, b) => a.record.latency!.meanMs - b.record.latency!.meanMs);
  const best = sorted.find((c) => notRankedReason(c) === null);
  const cells: RankedCell[] = sorted.map((cell) => {
    const l = cell.record.latency!;
    const twin = fp32Twin(cell, measured);
    const why = notRankedReason(cell);
    return {
      cell,
      meanMs: l.meanMs,
      medianMs: l.medianMs,
      meanHalfWidth95Ms: meanHalfWidth95(l.sdMs, l.samples),
      ranked: why === null,
      notRankedReason: why,
      relativeToFastest: best && why === null ? speedup(l, best.record.latency!) : null,
      speedupOverFp32: twin ? speedup(twin.record.latency!, l) : null,
    };
  });
  const ranked = cells.filter((c) => c.ranked);
  const fastest = ranked[0] ?? null;
  const runnerUp = ranked[1] ?? null;
  const tied = fastest ? ranked.filter((c) => c === fastest || compareLatency(c.cell.record.latency!, fastest.cell.record.latency!).verdict !== 'faster') : [];
  const warnings: string[] = [];
  let margin: LatencyComparison | null = null;
  if (fastest && runnerUp) {
    margin = compareLatency(runnerUp.cell.record.latency!, fastest.cell.record.latency!);
    const diff = Math.abs(margin.changePercent);
    if (tied.length === 1 && margin.spreadPercent > diff) {
      warnings.push(
        `${cellText(fastest.cell, parts)} is significantly faster than ${cellText(runnerUp.cell, parts)} (${margin.reason}), but single batches vary more ` +
          `(sd up to ${fixed(margin.spreadPercent, 1)} %) than the ${fixed(diff, 1)} % between them`,
      );
    }
  }
  const few = sorted.filter((c) => c.record.latency!.samples < 2);
  if (few.length) warnings.push(`${few.length} cell(s) have a single timed iteration: no spread is known for them`);
  const overPeak = sorted.filter((c) => (c.record.efficiency ?? 0) > 1);
  if (overPeak.length) {
    warnings.push(`${overPeak.length} cell(s) exceed 100 % of the calibrated GEMM peak: that calibration ran low (a busy machine?), so read efficiency as a rough figure`);
  }
  if (sorted.some((c) => c.precision === 'bf16' && c.execution === 'emulated')) warnings.push('bf16 is only emulated for some cells: they are listed, not ranked (their time says nothing about bf16 speed)');
  if (sorted.some((c) => c.backend === NULL_BACKEND)) warnings.push('the null backend runs no model: its cells show the harness\'s own cost and are never ranked');
  return {
    workload,
    batch,
    cells,
    notMeasured,
    fastest,
    winner: fastest && tied.length === 1 ? fastest : null,
    runnerUp,
    tied,
    speedupOverRunnerUp: fastest && runnerUp ? speedup(runnerUp.cell.record.latency!, fastest.cell.record.latency!) : null,
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
