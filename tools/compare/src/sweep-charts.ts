/**
 * The sweep's charts as plain data (html-page.ts turns them into Chart.js configurations): per workload the throughput
 * against cores used as bars with 95 % interval error bars (batch means), a server run's p99 latency against achieved QPS, and
 * the latency CDF of every cell.
 */
import { PALETTE, type ChartSpec } from './chart-data.ts';
import type { SweepWorkload } from './sweep.ts';

export interface XYSeries {
  label: string;
  colour: string;
  points: { x: number; y: number }[];
  /** per point, shown in the tooltip */
  notes: (string | null)[];
}

export interface XYChartSpec {
  id: string;
  kind: 'cdf' | 'server';
  title: string;
  xTitle: string;
  yTitle: string;
  /** CDFs step after each point (the empirical CDF holds its value until the next latency); server curves join their probes */
  stepped: boolean;
  series: XYSeries[];
}

export type AnyChartSpec = ChartSpec | XYChartSpec;

export const isXYChart = (c: AnyChartSpec): c is XYChartSpec => c.kind === 'cdf' || c.kind === 'server';

const colour = (i: number): string => PALETTE[i % PALETTE.length] as string;
const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);

/** Categories `cores (instances × threads)`, ascending by cores then instances; one series per group. */
export function throughputChart(w: SweepWorkload, index: number): ChartSpec {
  const shapes = new Map<string, { cores: number; instances: number }>();
  for (const g of w.scaling) for (const r of g.rows) shapes.set(`${r.coresUsed} (${r.instances}×${r.threads})`, { cores: r.coresUsed, instances: r.instances });
  const labels = [...shapes.entries()].sort((a, b) => a[1].cores - b[1].cores || a[1].instances - b[1].instances).map(([l]) => l);
  const series = w.scaling.map((g, i) => {
    const data: (number | null)[] = labels.map(() => null);
    const errors: (number | null)[] = labels.map(() => null);
    const notes: (string | null)[] = labels.map(() => null);
    for (const r of g.rows) {
      const at = labels.indexOf(`${r.coresUsed} (${r.instances}×${r.threads})`);
      data[at] = r.samplesPerSecond;
      errors[at] = r.halfWidth95SamplesPerSecond;
      notes[at] = `speedup ${r.speedup === null ? '-' : `${r.speedup.toFixed(2)}×`}, parallel efficiency ${pct(r.parallelEfficiency)} vs ${g.baseline}`;
    }
    return { label: g.label, colour: colour(i), data, notes, errors };
  });
  return {
    id: `throughput-${index}`,
    kind: 'throughput',
    title: `${w.workload}: throughput against cores used (instances × threads)`,
    axisTitle: 'samples/s (error bars: 95 % interval, batch means)',
    logScale: false,
    labels,
    series,
  };
}

export function serverChart(w: SweepWorkload, index: number): XYChartSpec | null {
  const series = w.server
    .map((s, i) => ({
      label: s.label,
      colour: colour(i),
      points: s.points.filter((p) => p.p99Ms !== null).map((p) => ({ x: p.achievedQps, y: p.p99Ms! })),
      notes: s.points
        .filter((p) => p.p99Ms !== null)
        .map((p) => `target ${p.targetQps} QPS, ${p.meets ? 'meets' : 'misses'} the ${s.boundMs ?? '?'} ms bound${p.completedSamplesPerSecond === null ? '' : `; MLPerf's completed samples per second ${p.completedSamplesPerSecond.toFixed(2)}`}`),
    }))
    .filter((s) => s.points.length > 0);
  if (series.length === 0) return null;
  const bounds = [...new Set(w.server.map((s) => s.boundMs).filter((b): b is number => b !== null))];
  return {
    id: `server-${index}`,
    kind: 'server',
    title: `${w.workload}: server p99 latency against achieved QPS${bounds.length ? ` (bound ${bounds.join(', ')} ms)` : ''}`,
    xTitle: 'achieved QPS',
    yTitle: 'p99 latency, ms',
    stepped: false,
    series,
  };
}

/** One chart of query latencies, one of offline completion times (other units), where the workload has them. */
export function cdfCharts(w: SweepWorkload, index: number): XYChartSpec[] {
  const out: XYChartSpec[] = [];
  for (const of of ['latency', 'completion'] as const) {
    const mine = w.cdfs.filter((c) => c.of === of);
    if (mine.length === 0) continue;
    out.push({
      id: `${of === 'latency' ? 'cdf' : 'cdf-offline'}-${index}`,
      kind: 'cdf',
      title: of === 'latency' ? `${w.workload}: latency distribution per cell (empirical CDF)` : `${w.workload}: offline, when each sample completed (empirical CDF)`,
      xTitle: of === 'latency' ? 'latency, ms (plain loop: per batch; scenarios: per query)' : 'ms from the start of the timed phase',
      yTitle: 'fraction at or below',
      stepped: true,
      series: mine.map((c, i) => ({
        label: `${c.label} (n ${c.count})`,
        colour: colour(i),
        points: c.cdf.ms.map((x, k) => ({ x, y: c.cdf.fraction[k]! })),
        notes: c.cdf.ms.map(() => null),
      })),
    });
  }
  return out;
}

export function sweepChartSpecs(workloads: readonly SweepWorkload[], showsScaling: (w: SweepWorkload) => boolean): AnyChartSpec[] {
  const charts: AnyChartSpec[] = [];
  workloads.forEach((w, i) => {
    if (showsScaling(w)) charts.push(throughputChart(w, i));
    const server = serverChart(w, i);
    if (server) charts.push(server);
    charts.push(...cdfCharts(w, i));
  });
  return charts;
}
