/**
 * Figures for a report across runs (compare's scaling sweep): throughput against cores used (instances × threads) with
 * parallel efficiency, the empirical latency CDF of a run, and a server run's latency-against-throughput curve from
 * its find-peak probes. Plain data; drawing is the report's job.
 */
import type { ScenarioResult } from './report.ts';

export interface ScalingPoint {
  instances: number;
  threadsPerInstance: number;
  coresUsed: number;
  samplesPerSecond: number;
  /** throughput over the baseline's */
  speedup: number;
  /** (throughput / cores) over (baseline throughput / baseline cores): 1 is perfect scaling; null for single-stream
   * on more than one instance (one query at a time: a 2nd instance cannot add throughput) and for server (its
   * throughput is the offered rate) */
  parallelEfficiency: number | null;
}

/**
 * One point per run, sorted by cores used then instances. The baseline is the run on the fewest cores (the 1 × 1 run
 * when there is one; among equals, the fewest instances).
 */
export function scalingPoints(results: readonly Pick<ScenarioResult, 'settings' | 'totals'>[]): ScalingPoint[] {
  const scales = (r: Pick<ScenarioResult, 'settings'>): boolean => !(r.settings.scenario === 'single-stream' && r.settings.instances > 1) && r.settings.scenario !== 'server';
  if (results.length === 0) return [];
  const rows = results
    .map((r) => ({ scales: scales(r), instances: r.settings.instances, threadsPerInstance: r.settings.threadsPerInstance, coresUsed: r.settings.instances * r.settings.threadsPerInstance, samplesPerSecond: r.totals.samplesPerSecond }))
    .sort((a, b) => a.coresUsed - b.coresUsed || a.instances - b.instances);
  const base = rows[0]!;
  const perCore = base.samplesPerSecond / base.coresUsed;
  return rows.map(({ scales: ok, ...r }) => ({
    ...r,
    speedup: base.samplesPerSecond > 0 ? r.samplesPerSecond / base.samplesPerSecond : Number.NaN,
    parallelEfficiency: !ok ? null : perCore > 0 ? r.samplesPerSecond / r.coresUsed / perCore : Number.NaN,
  }));
}

export interface Cdf {
  /** latency, ascending */
  ms: number[];
  /** fraction of queries at or below it */
  fraction: number[];
}

/** The empirical CDF, at most `maxPoints` points (evenly spaced ranks, always the maximum). */
export function latencyCdf(latenciesMs: readonly number[], maxPoints = 200): Cdf {
  if (latenciesMs.length === 0) return { ms: [], fraction: [] };
  if (maxPoints < 2) throw new RangeError('a CDF needs at least 2 points');
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const n = sorted.length;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const ms: number[] = [];
  const fraction: number[] = [];
  for (let i = step - 1; i < n; i += step) {
    ms.push(sorted[i]!);
    fraction.push((i + 1) / n);
  }
  if (fraction[fraction.length - 1] !== 1) {
    ms.push(sorted[n - 1]!);
    fraction.push(1);
  }
  return { ms, fraction };
}

export interface ServerCurvePoint {
  targetQps: number;
  achievedQps: number;
  p99Ms: number | undefined;
  meets: boolean;
}

/** Latency against throughput from a find-peak search, ordered by target QPS. */
export function serverCurve(result: Pick<ScenarioResult, 'findPeak'>): ServerCurvePoint[] {
  const probes = result.findPeak?.probes ?? [];
  return probes
    .map((p) => ({ targetQps: p.qps, achievedQps: p.achievedQps, p99Ms: p.p99Ms, meets: p.meets }))
    .sort((a, b) => a.targetQps - b.targetQps);
}
