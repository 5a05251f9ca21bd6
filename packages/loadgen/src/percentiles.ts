/**
 * Percentiles as MLPerf loadgen computes them (results.cc, PerformanceSummary::ProcessLatencies): sort ascending and
 * take the element at index floor(n × p), p in [0, 1) — no interpolation, so the p99 of 100 samples is the largest.
 * (core's `percentile` interpolates like numpy; loadgen's verdicts must use this one.)
 */
export function loadgenPercentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('a percentile needs at least one value');
  if (!(p >= 0 && p < 1)) throw new RangeError(`loadgen percentiles take p in [0, 1), got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * p)] as number;
}

export interface LatencyPercentiles {
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p97Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

/** The percentiles loadgen's summary lists (50, 90, 95, 97, 99, 99.9), by its definition. */
export function latencyPercentiles(latenciesMs: readonly number[]): LatencyPercentiles {
  if (latenciesMs.length === 0) throw new RangeError('latency percentiles need at least one latency');
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.floor(sorted.length * p)] as number;
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    count: sorted.length,
    minMs: sorted[0] as number,
    meanMs: sum / sorted.length,
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p95Ms: at(0.95),
    p97Ms: at(0.97),
    p99Ms: at(0.99),
    p999Ms: at(0.999),
    maxMs: sorted[sorted.length - 1] as number,
  };
}

/** How many values exceed `boundMs` (loadgen's overlatency count: latency > bound). */
export function countOverBound(latenciesMs: readonly number[], boundMs: number): number {
  let n = 0;
  for (const x of latenciesMs) if (x > boundMs) n++;
  return n;
}
