/**
 * Did the latencies drift during the run? Compares the median of the first half with the median of the second
 * (thermal throttling, a neighbour starting, caches warming), and counts outliers as hyperfine does: a modified
 * Z-score (0.6745 × |x − median| / MAD) above 14.826.
 */
import { median } from '@modelbench/core';

export interface DriftReport {
  firstHalfMedianMs: number;
  secondHalfMedianMs: number;
  /** (second − first) / first */
  relativeChange: number;
  outliers: number;
  warnings: string[];
}

export const DRIFT_THRESHOLD = 0.1;
export const OUTLIER_Z = 14.826;

export function modifiedZScores(xs: readonly number[]): number[] {
  const m = median(xs);
  const mad = median(xs.map((x) => Math.abs(x - m)));
  if (mad === 0) return xs.map(() => 0);
  return xs.map((x) => (0.6745 * (x - m)) / mad);
}

/** undefined below 4 latencies (two halves of at least two). */
export function driftReport(latenciesMs: readonly number[], threshold = DRIFT_THRESHOLD): DriftReport | undefined {
  if (latenciesMs.length < 4) return undefined;
  const half = Math.floor(latenciesMs.length / 2);
  const first = median(latenciesMs.slice(0, half));
  const second = median(latenciesMs.slice(latenciesMs.length - half));
  const relativeChange = first === 0 ? 0 : (second - first) / first;
  const outliers = modifiedZScores(latenciesMs).filter((z) => Math.abs(z) > OUTLIER_Z).length;
  const warnings: string[] = [];
  if (Math.abs(relativeChange) > threshold) {
    warnings.push(`latency drifted: the second half's median is ${(relativeChange * 100).toFixed(1)} % ${relativeChange > 0 ? 'above' : 'below'} the first half's (${first.toFixed(3)} → ${second.toFixed(3)} ms); more warm-up or a quieter machine`);
  }
  if (outliers > 0) warnings.push(`${outliers} statistical outlier${outliers === 1 ? '' : 's'} (modified Z-score > ${OUTLIER_Z}); other programs may have interfered`);
  return { firstHalfMedianMs: first, secondHalfMedianMs: second, relativeChange, outliers, warnings };
}
