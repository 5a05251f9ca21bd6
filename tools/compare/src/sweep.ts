/**
 * The scaling sweep's figures per workload, as plain data: throughput against cores used (instances × threads) with
 * speedup and parallel efficiency, the throughput's spread (batch means), a server run's latency against throughput,
 * and every cell's latency distribution (empirical CDF, loadgen's `latencyCdf`).
 */
import { latencyCdf, serverCurve, type Cdf } from '@modelbench/loadgen';
import { cellText, precisionText, scenarioOf, type CellView, type LabelParts } from './cell-view.ts';
import { headlineOf } from './scenario-ranking.ts';
import { meanHalfWidth95 } from './speedup.ts';

/** Blocks of the batch-means spread: the run's completions in this many consecutive, equal-count blocks. */
export const THROUGHPUT_BLOCKS = 5;

export interface ThroughputSpread {
  /** mean of the blocks' throughputs, samples/s */
  meanPerSecond: number;
  /** their sample standard deviation (n − 1), samples/s */
  sdPerSecond: number;
  /** half-width of the 95 % interval of the mean block throughput: t(k − 1) × sd / √k, samples/s */
  halfWidth95PerSecond: number;
  blocks: number;
}

/**
 * Method of batch means: the completion times (ms from the start of the timed phase, ascending) cut into k = min(blocks,
 * n) consecutive blocks of ⌊n/k⌋-ish completions (block j holds indices ⌊j·n/k⌋ … ⌊(j+1)·n/k⌋ − 1); block j's
 * throughput is its samples over the time from the previous block's last completion (0 for the first) to its own.
 * Null below two blocks.
 */
export function batchMeansThroughput(doneMs: readonly number[], samplesEach: number, blocks = THROUGHPUT_BLOCKS): ThroughputSpread | null {
  const n = doneMs.length;
  const k = Math.min(blocks, n);
  if (k < 2) return null;
  const rates: number[] = [];
  let previousEndMs = 0;
  for (let j = 0; j < k; j++) {
    const from = Math.floor((j * n) / k);
    const to = Math.floor(((j + 1) * n) / k);
    const endMs = doneMs[to - 1]!;
    const spanMs = endMs - previousEndMs;
    if (!(spanMs > 0)) return null;
    rates.push(((to - from) * samplesEach) / (spanMs / 1000));
    previousEndMs = endMs;
  }
  const mean = rates.reduce((a, b) => a + b, 0) / k;
  const variance = rates.reduce((a, r) => a + (r - mean) ** 2, 0) / (k - 1);
  const sdPerSecond = Math.sqrt(variance);
  return { meanPerSecond: mean, sdPerSecond, halfWidth95PerSecond: meanHalfWidth95(sdPerSecond, k)!, blocks: k };
}

/** When each query (offline: each sample) completed, ms from the start of the timed phase, ascending. */
export function completions(c: CellView): { doneMs: number[]; samplesEach: number } | null {
  const sc = scenarioOf(c.record);
  if (!sc) {
    let t = 0;
    return { doneMs: c.record.samplesMs.map((ms) => (t += ms)), samplesEach: c.record.config?.batch ?? 1 };
  }
  if (sc.scenario === 'offline') return sc.raw.sampleDoneMs ? { doneMs: [...sc.raw.sampleDoneMs].sort((a, b) => a - b), samplesEach: 1 } : null;
  const done = sc.raw.latencyMs.map((ms, i) => (sc.raw.scheduledMs[i] ?? 0) + ms).sort((a, b) => a - b);
  return { doneMs: done, samplesEach: sc.settings.samplesPerQuery };
}

/** The origin of a cell's instances × threads when the child chose them (`--instances auto`), else null. */
export function instancesOriginOf(c: CellView): string | null {
  const origin = scenarioOf(c.record)?.settings.instancesOrigin;
  return typeof origin === 'string' && origin !== '--instances' ? origin : null;
}

/** The cell's own throughput figure: the scenario's samples/s, or the plain loop's batch ÷ median latency. */
export function cellSamplesPerSecond(c: CellView): number | null {
  const sc = scenarioOf(c.record);
  return sc ? sc.totals.samplesPerSecond : c.record.throughputSamplesPerSecond;
}

export interface ScalingRow {
  cell: CellView;
  instances: number;
  threads: number;
  coresUsed: number;
  /** where an `--instances auto` run's instances × threads came from (the child's scenario.settings.instancesOrigin:
   * the cores rule, or measured by tune); null when the count was given */
  instancesOrigin: string | null;
  samplesPerSecond: number;
  /** batch-means sd of the throughput; null with fewer than two completions */
  sdSamplesPerSecond: number | null;
  /** half-width of the batch means' 95 % interval; null with the sd */
  halfWidth95SamplesPerSecond: number | null;
  /** throughput over the baseline's */
  speedup: number | null;
  /** (throughput / cores) over (baseline throughput / baseline cores): 1 is perfect scaling */
  parallelEfficiency: number | null;
}

export interface ScalingGroup {
  /** backend, precision and scenario (`plain`: the timed loop), with machine/run where needed */
  label: string;
  batch: number | null;
  /** `1 × 1 (1 core)`: the row on the fewest cores (among equals the fewest instances), as loadgen's scalingPoints */
  baseline: string;
  rows: ScalingRow[];
}

export interface ServerPoint {
  targetQps: number;
  achievedQps: number;
  p99Ms: number | null;
  meets: boolean;
  /** MLPerf's result_completed_samples_per_sec (the record's scenario.headline); null for find-peak probes and older records */
  completedSamplesPerSecond: number | null;
}

export interface ServerSeries {
  label: string;
  /** `find-peak`: the probes of one cell's search; `cells`: one point per cell run at its own --target-qps */
  from: 'find-peak' | 'cells';
  boundMs: number | null;
  points: ServerPoint[];
}

export interface CellCdf {
  label: string;
  /** `latency`: per query (plain loop: per batch); `completion`: offline, each sample's completion since the start */
  of: 'latency' | 'completion';
  count: number;
  cdf: Cdf;
}

export interface SweepWorkload {
  workload: string;
  scaling: ScalingGroup[];
  server: ServerSeries[];
  cdfs: CellCdf[];
  /** the measured cells of a load scenario (the ranking leaves them out) */
  scenarioCells: CellView[];
}

const shape = (instances: number, threads: number): string => `${instances} × ${threads} (${instances * threads} core${instances * threads === 1 ? '' : 's'})`;

function extras(c: CellView, parts: LabelParts): string {
  return `${parts.machine ? ` @ ${c.host}` : ''}${parts.source ? ` [${c.source}]` : ''}`;
}

export function scalingGroups(cells: readonly CellView[], parts: LabelParts): ScalingGroup[] {
  const groups = new Map<string, CellView[]>();
  for (const c of cells) {
    if (c.status !== 'ok' || c.scenario === 'server' || c.threads === null || cellSamplesPerSecond(c) === null) continue;
    const key = `${c.backend} ${precisionText(c)} ${c.scenario ?? 'plain'}${c.batch !== null ? `, batch ${c.batch}` : ''}${extras(c, parts)}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.entries()].map(([label, members]) => {
    const sorted = [...members].sort((a, b) => a.coresUsed! - b.coresUsed! || a.instances - b.instances);
    const base = sorted[0]!;
    const baseRate = cellSamplesPerSecond(base)!;
    const basePerCore = baseRate / base.coresUsed!;
    const rows = sorted.map((cell): ScalingRow => {
      const rate = cellSamplesPerSecond(cell)!;
      const done = completions(cell);
      const spread = done ? batchMeansThroughput(done.doneMs, done.samplesEach) : null;
      return {
        cell,
        instances: cell.instances,
        threads: cell.threads!,
        coresUsed: cell.coresUsed!,
        instancesOrigin: instancesOriginOf(cell),
        samplesPerSecond: rate,
        sdSamplesPerSecond: spread?.sdPerSecond ?? null,
        halfWidth95SamplesPerSecond: spread?.halfWidth95PerSecond ?? null,
        speedup: baseRate > 0 ? rate / baseRate : null,
        // single-stream runs one query at a time: a 2nd instance cannot add throughput, so no efficiency (#23)
        parallelEfficiency: basePerCore > 0 && !(cell.scenario === 'single-stream' && cell.instances > 1) ? rate / cell.coresUsed! / basePerCore : null,
      };
    });
    return { label, batch: base.batch, baseline: shape(base.instances, base.threads!), rows };
  });
}

/** The server cell's MLPerf figure, completed samples per second, from its headline. */
function completedOf(c: CellView): number | null {
  const h = headlineOf(c);
  return h && h.mlperfKey === 'result_completed_samples_per_sec' ? h.value : null;
}

export function serverSeries(cells: readonly CellView[], parts: LabelParts): ServerSeries[] {
  const out: ServerSeries[] = [];
  const plain = new Map<string, { boundMs: number | null; points: ServerPoint[] }>();
  for (const c of cells) {
    const sc = scenarioOf(c.record);
    if (c.status !== 'ok' || !sc || sc.scenario !== 'server') continue;
    const boundMs = typeof sc.settings.latencyBoundMs === 'number' ? sc.settings.latencyBoundMs : null;
    if (sc.findPeak && sc.findPeak.probes.length > 0) {
      const points = serverCurve(sc).map((p) => ({ targetQps: p.targetQps, achievedQps: p.achievedQps, p99Ms: p.p99Ms ?? null, meets: p.meets, completedSamplesPerSecond: null }));
      out.push({ label: `${cellText(c, parts)} find-peak`, from: 'find-peak', boundMs: sc.findPeak.boundMs, points });
      continue;
    }
    const key = `${c.backend} ${precisionText(c)} ${c.threads}t ×${c.instances}${extras(c, parts)}`;
    const entry = plain.get(key) ?? { boundMs, points: [] };
    const p99Ms = sc.latency.count > 0 ? sc.latency.p99Ms : null;
    entry.points.push({ targetQps: sc.totals.targetQps ?? Number.NaN, achievedQps: sc.totals.achievedQps ?? sc.totals.samplesPerSecond, p99Ms, meets: p99Ms !== null && boundMs !== null && p99Ms <= boundMs, completedSamplesPerSecond: completedOf(c) });
    plain.set(key, entry);
  }
  for (const [label, e] of plain) out.push({ label, from: 'cells', boundMs: e.boundMs, points: e.points.sort((a, b) => a.targetQps - b.targetQps) });
  return out;
}

export function cellCdfs(cells: readonly CellView[], parts: LabelParts, maxPoints = 200): CellCdf[] {
  const out: CellCdf[] = [];
  for (const c of cells) {
    if (c.status !== 'ok') continue;
    const sc = scenarioOf(c.record);
    const offline = sc?.scenario === 'offline';
    const values = !sc ? c.record.samplesMs : offline ? (sc.raw.sampleDoneMs ?? []) : sc.raw.latencyMs;
    if (values.length === 0) continue;
    out.push({ label: cellText(c, parts), of: offline ? 'completion' : 'latency', count: values.length, cdf: latencyCdf(values, maxPoints) });
  }
  return out;
}

export function sweepWorkloads(cells: readonly CellView[], parts: LabelParts): SweepWorkload[] {
  const workloads = [...new Set(cells.filter((c) => c.status === 'ok').map((c) => c.workload))].sort();
  return workloads.map((workload) => {
    const mine = cells.filter((c) => c.workload === workload);
    const scenarioCells = mine.filter((c) => c.status === 'ok' && c.scenario !== null);
    return { workload, scaling: scalingGroups(mine, parts), server: serverSeries(mine, parts), cdfs: cellCdfs(mine, parts), scenarioCells };
  });
}

/** Whether a workload's report needs the throughput chart: a scenario cell, or one group measured on several core counts. */
export function showsScaling(w: SweepWorkload): boolean {
  return w.scaling.some((g) => g.rows.length > 1 || g.rows.some((r) => r.cell.scenario !== null));
}
