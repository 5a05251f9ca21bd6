/**
 * Statistics over latency samples, as pure functions. One percentile rule everywhere (console, record, compare's
 * report, the scenarios): the tail percentiles p90/p95/p99 are MLPerf LoadGen's, sorted[floor(n · p)] — a latency
 * that was measured, never an interpolation — and only where n ≥ 1 / (1 − p), the count at which one sample in
 * (1 − p) exists at all (p90 from 10 samples, p95 from 20, p99 from 100); below it the record holds null and the
 * reports show none. The median is the ordinary sample median (the mean of the middle two for an even count). The
 * standard deviation is the sample (n-1) one; the relative margin of error is the 95 % confidence half-width of the
 * mean over the mean, in percent (Student's t), as tinybench and benchmark.js report.
 */
import { tQuantile975 } from './t-quantile.ts';

export interface LatencyStats {
  samples: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  sdMs: number;
  medianMs: number;
  /** null below 10 samples (nearestRankPercentile's rule) */
  p90Ms: number | null;
  /** null below 20 samples */
  p95Ms: number | null;
  /** null below 100 samples */
  p99Ms: number | null;
  /** relative margin of error of the mean, percent */
  rmePercent: number;
}

function requireSamples(xs: readonly number[]): void {
  if (xs.length === 0) throw new RangeError('statistics need at least one sample');
}

export function min(xs: readonly number[]): number {
  requireSamples(xs);
  let m = Infinity;
  for (const x of xs) if (x < m) m = x;
  return m;
}

export function max(xs: readonly number[]): number {
  requireSamples(xs);
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
}

export function mean(xs: readonly number[]): number {
  requireSamples(xs);
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (divides by n-1); 0 for one sample. */
export function sd(xs: readonly number[]): number {
  requireSamples(xs);
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

/** Percentile p in [0, 100] with linear interpolation (numpy default). */
export function percentile(xs: readonly number[], p: number): number {
  requireSamples(xs);
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const loValue = sorted[lo] as number;
  const hiValue = sorted[hi] as number;
  return loValue + (hiValue - loValue) * (rank - lo);
}

/** LoadGen's percentile (results.cc): the element at floor(n · p / 100) of the sorted samples, p in [0, 100). */
export function nearestRankPercentile(xs: readonly number[], p: number): number {
  requireSamples(xs);
  if (!(p >= 0 && p < 100)) throw new RangeError(`percentile must be in [0, 100), got ${p}`);
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length * p) / 100)] as number;
}

/** A tail percentile by the one rule: LoadGen's nearest rank, null below its count (minSamplesForPercentile). */
export function tailPercentile(xs: readonly number[], p: number): number | null {
  return xs.length >= minSamplesForPercentile(p) ? nearestRankPercentile(xs, p) : null;
}

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

export { tQuantile975 };

/** Relative margin of error of the mean (95 %), percent; 0 for a single sample or a zero mean. */
export function rme(xs: readonly number[]): number {
  requireSamples(xs);
  if (xs.length < 2) return 0;
  const m = mean(xs);
  if (m === 0) return 0;
  const sem = sd(xs) / Math.sqrt(xs.length);
  return ((tQuantile975(xs.length - 1) * sem) / m) * 100;
}

export function summarize(samplesMs: readonly number[]): LatencyStats {
  return {
    samples: samplesMs.length,
    minMs: min(samplesMs),
    maxMs: max(samplesMs),
    meanMs: mean(samplesMs),
    sdMs: sd(samplesMs),
    medianMs: median(samplesMs),
    p90Ms: tailPercentile(samplesMs, 90),
    p95Ms: tailPercentile(samplesMs, 95),
    p99Ms: tailPercentile(samplesMs, 99),
    rmePercent: rme(samplesMs),
  };
}

/**
 * How few samples are too few. Below MIN_SAMPLES_FOR_SPREAD the mean ± sd and its margin of error mean little (with 3
 * samples Student's t is 4.3 and the margin reads like ±176 %), so reports show the median and min/max only. A
 * percentile p exists only from n ≥ 100 / (100 − p): p90 from 10 samples, p95 from 20, p99 from 100; below that
 * it is null (it would be the maximum under another name).
 */
export const MIN_SAMPLES_FOR_SPREAD = 5;

export function minSamplesForPercentile(p: number): number {
  return Math.ceil(100 / (100 - p) - 1e-9);
}

export function showsSpread(samples: number): boolean {
  return samples >= MIN_SAMPLES_FOR_SPREAD;
}

export function shownPercentiles(samples: number, ps: readonly number[] = [90, 95, 99]): number[] {
  return ps.filter((p) => samples >= minSamplesForPercentile(p));
}

/**
 * Whether the minimum (what the [TARGET] line reports) is further from the median than the run's noise: the sample
 * standard deviation where there are enough samples for one, else 1 % of the median.
 */
export function minimumStandsOut(l: Pick<LatencyStats, 'samples' | 'minMs' | 'medianMs' | 'sdMs'>): boolean {
  const noiseMs = showsSpread(l.samples) ? l.sdMs : 0.01 * l.medianMs;
  return l.medianMs - l.minMs > noiseMs;
}
