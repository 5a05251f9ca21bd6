/**
 * What the HTML page's charts show, as plain data (the page turns it into Chart.js configurations): latency per
 * workload by backend and precision, and the operator-type breakdown of every cell that was profiled.
 */
import { cellText, precisionText, type CellView, type LabelParts } from './cell-view.ts';
import { meanHalfWidth95 } from './speedup.ts';
import type { Summary, WorkloadSummary } from './summary.ts';

export interface ChartSeries {
  label: string;
  /** CSS colour of the series' bars */
  colour: string;
  data: (number | null)[];
  /** per point, shown in the tooltip */
  notes: (string | null)[];
  /** per point, the half-length of its error bar in the value's unit (the 95 % interval of the mean); absent where a chart has none */
  errors?: (number | null)[];
}

export interface ChartSpec {
  id: string;
  kind: 'latency' | 'operators' | 'throughput';
  title: string;
  axisTitle: string;
  /** a logarithmic value axis; latency charts never use one (a linear axis from zero shows the ratios as they are) */
  logScale: boolean;
  labels: string[];
  series: ChartSeries[];
  /** stacked charts: per label, the half-length of the error bar drawn at the end of the stack */
  totalErrors?: (number | null)[];
}

const OTHER = 'other';
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
/** One colour per precision in every chart; emulated bf16 in grey, as it is never ranked. */
const PRECISION_SERIES: Record<string, { order: number; colour: string }> = {
  fp32: { order: 0, colour: '#1f77b4' },
  'bf16 (native)': { order: 1, colour: '#ff7f0e' },
  bf16: { order: 2, colour: '#2ca02c' },
  'bf16 (emulated)': { order: 3, colour: '#a0a0a0' },
};
const precisionSeries = (name: string): { order: number; colour: string } => PRECISION_SERIES[name] ?? { order: 9, colour: '#7f7f7f' };

/** Everything but the precision: the precisions become the bars of one group. */
function groupLabel(c: CellView, parts: LabelParts): string {
  return cellText(c, parts, false);
}

/** The latency chart of the i-th workload summary. */
export function latencyChartId(summaryIndex: number): string {
  return `latency-${summaryIndex}`;
}

export function latencyChart(w: WorkloadSummary, parts: LabelParts, index: number): ChartSpec {
  const labels = [...new Set(w.cells.map((r) => groupLabel(r.cell, parts)))];
  const seriesNames = [...new Set(w.cells.map((r) => precisionText(r.cell)))].sort((a, b) => precisionSeries(a).order - precisionSeries(b).order);
  const series = seriesNames.map((name) => {
    const data: (number | null)[] = labels.map(() => null);
    const notes: (string | null)[] = labels.map(() => null);
    const errors: (number | null)[] = labels.map(() => null);
    for (const r of w.cells.filter((x) => precisionText(x.cell) === name)) {
      const i = labels.indexOf(groupLabel(r.cell, parts));
      const l = r.cell.record.latency!;
      data[i] = l.meanMs;
      errors[i] = r.meanHalfWidth95Ms;
      notes[i] = `mean ${l.meanMs.toFixed(2)} ms${r.meanHalfWidth95Ms === null ? '' : ` ± ${r.meanHalfWidth95Ms.toFixed(2)} (95 %)`}, median ${l.medianMs.toFixed(2)} ms, n ${l.samples}${r.notRankedReason ? `; not ranked: ${r.notRankedReason}` : ''}`;
    }
    return { label: name, colour: precisionSeries(name).colour, data, notes, errors };
  });
  return {
    id: latencyChartId(index),
    kind: 'latency',
    title: `${w.workload}${w.batch !== null ? `, batch ${w.batch}` : ''}: mean latency per batch`,
    axisTitle: 'ms per batch, from zero (lower is faster; error bars: 95 % interval of the mean)',
    logScale: false,
    labels,
    series,
  };
}

/** One stacked bar per profiled cell: milliseconds per run by operator type, the top `topN` types and the rest. */
export function operatorChart(cells: readonly CellView[], parts: LabelParts, workload: string, index: number, topN = 8): ChartSpec | null {
  const profiled = cells.filter((c) => c.workload === workload && c.status === 'ok' && c.record.profile && c.record.profile.operators.length > 0);
  if (profiled.length === 0) return null;
  const perRun = (c: CellView): Map<string, number> => {
    const p = c.record.profile!;
    const runs = Math.max(1, p.runs);
    return new Map(p.operators.map((o) => [o.opType, o.totalMs / runs]));
  };
  const totals = new Map<string, number>();
  for (const c of profiled) for (const [op, ms] of perRun(c)) totals.set(op, (totals.get(op) ?? 0) + ms);
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, topN).map(([op]) => op);
  const rest = [...totals.keys()].some((op) => !top.includes(op));
  const names = rest ? [...top, OTHER] : top;
  const series = names.map((name, i) => ({
    label: name,
    colour: name === OTHER ? '#d0d0d0' : (PALETTE[i % PALETTE.length] as string),
    data: profiled.map((c) => {
      const m = perRun(c);
      if (name !== OTHER) return m.get(name) ?? 0;
      return [...m.entries()].filter(([op]) => !top.includes(op)).reduce((s, [, ms]) => s + ms, 0);
    }),
    notes: profiled.map(() => null),
  }));
  return {
    id: `operators-${index}`,
    kind: 'operators',
    title: `${workload}: time per run by operator type (onnxruntime profile)`,
    // the profile keeps no per-run spread by operator: the bar's error is the 95 % interval of the cell's mean batch time
    axisTitle: 'ms per run (error bars: 95 % interval of the cell\'s mean batch time)',
    logScale: false,
    labels: profiled.map((c) => cellText(c, parts)),
    series,
    totalErrors: profiled.map((c) => (c.record.latency ? meanHalfWidth95(c.record.latency.sdMs, c.record.latency.samples) : null)),
  };
}

export function chartSpecs(s: Summary, cells: readonly CellView[]): ChartSpec[] {
  const charts: ChartSpec[] = [];
  s.workloads.forEach((w, i) => {
    if (w.cells.length > 0) charts.push(latencyChart(w, s.parts, i));
  });
  const workloads = [...new Set(cells.map((c) => c.workload))].sort();
  workloads.forEach((w, i) => {
    const chart = operatorChart(cells, s.parts, w, i);
    if (chart) charts.push(chart);
  });
  return charts;
}
