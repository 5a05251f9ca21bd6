/**
 * Speed-ups with a 95 % interval, printed as hyperfine prints its relative speeds (`1.23 ± 0.05×`).
 *
 * hyperfine (src/benchmark/relative_speed.rs) propagates the uncertainty of a ratio of two independent means to first
 * order: σ(r)/r = √((σA/meanA)² + (σB/meanB)²). It applies that to the runs' standard deviations, so its ± is a
 * spread of single runs. Here the same propagation is applied to the standard errors of the two means (sd/√n), and
 * the half-width is that times Student's two-sided 97.5 % quantile at the Welch–Satterthwaite degrees of freedom of
 * the two relative variances: an approximate 95 % confidence interval of the ratio of the means.
 */
import { tQuantile975 } from '@modelbench/core';
import type { LatencySummary } from './verdict.ts';

export interface Speedup {
  /** slow.mean ÷ fast.mean: above 1 means `fast` is faster */
  ratio: number;
  /** half-width of the 95 % interval of the ratio; null with fewer than two samples on a side */
  halfWidth95: number | null;
  /** Welch–Satterthwaite degrees of freedom of the relative variances; null with the half-width */
  degreesOfFreedom: number | null;
}

/** Student's two-sided 97.5 % quantile at fractional degrees of freedom (core's exact tQuantile975), as the Welch test uses. */
export function tCritical975(degreesOfFreedom: number): number {
  return tQuantile975(degreesOfFreedom);
}

/** `slow` over `fast`, mean over mean, with the 95 % interval of the ratio. */
export function speedup(slow: LatencySummary, fast: LatencySummary): Speedup {
  const ratio = slow.meanMs / fast.meanMs;
  if (slow.samples < 2 || fast.samples < 2 || !(slow.meanMs > 0) || !(fast.meanMs > 0)) return { ratio, halfWidth95: null, degreesOfFreedom: null };
  const vs = (slow.sdMs / slow.meanMs) ** 2 / slow.samples;
  const vf = (fast.sdMs / fast.meanMs) ** 2 / fast.samples;
  const den = (vs * vs) / (slow.samples - 1) + (vf * vf) / (fast.samples - 1);
  const df = den === 0 ? slow.samples + fast.samples - 2 : ((vs + vf) * (vs + vf)) / den;
  return { ratio, halfWidth95: ratio * tCritical975(df) * Math.sqrt(vs + vf), degreesOfFreedom: df };
}

/** `1.23 ± 0.05×`; `1.23×` where no interval is known. */
export function formatSpeedup(s: Speedup | null, digits = 2): string {
  if (s === null || !Number.isFinite(s.ratio)) return '-';
  return s.halfWidth95 === null ? `${s.ratio.toFixed(digits)}×` : `${s.ratio.toFixed(digits)} ± ${s.halfWidth95.toFixed(digits)}×`;
}

/** Half-width of the 95 % confidence interval of a mean: t(n − 1) × sd / √n; null below two samples. */
export function meanHalfWidth95(sd: number, samples: number): number | null {
  if (samples < 2) return null;
  return tQuantile975(samples - 1) * (sd / Math.sqrt(samples));
}
