/**
 * Noise-aware verdict on a latency change between two runs of the same cell, from their summary statistics.
 *
 * The rule:
 *  1. Welch's t-test on the mean latency of one batch: t = (meanB − meanA) / √(sdA²/nA + sdB²/nB), with the
 *     Welch–Satterthwaite degrees of freedom. The change is statistically significant when |t| exceeds Student's
 *     two-sided 97.5 % quantile at those (fractional) degrees of freedom, core's exact tQuantile975, as scipy's
 *     ttest_ind(equal_var=False) does: a 5 % test that
 *     does not assume the two runs are equally noisy.
 *  2. It must also be at least `minChangePercent` of A's mean (default 2 %). The sd seen within one run misses the
 *     noise between runs (clock frequency, cache and thread placement, neighbours on the machine), so a smaller change
 *     that passes the t-test rarely repeats.
 *  3. With fewer than two timed iterations on either side there is no spread to judge by: no verdict of change.
 * Faster means B's mean is lower than A's.
 */
import { tQuantile975 } from '@modelbench/core';

export interface LatencySummary {
  meanMs: number;
  sdMs: number;
  samples: number;
}

export type Verdict = 'faster' | 'slower' | 'no significant change';

export interface LatencyComparison {
  verdict: Verdict;
  /** (meanB − meanA) / meanA × 100: negative is faster */
  changePercent: number;
  /** the larger relative sd of the two runs, percent: the spread between repeats */
  spreadPercent: number;
  t: number | null;
  degreesOfFreedom: number | null;
  tCritical: number | null;
  reason: string;
}

export const DEFAULT_MIN_CHANGE_PERCENT = 2;

export function welchDegreesOfFreedom(a: LatencySummary, b: LatencySummary): number {
  const va = (a.sdMs * a.sdMs) / a.samples;
  const vb = (b.sdMs * b.sdMs) / b.samples;
  const den = (va * va) / (a.samples - 1) + (vb * vb) / (b.samples - 1);
  return den === 0 ? a.samples + b.samples - 2 : ((va + vb) * (va + vb)) / den;
}

export function compareLatency(a: LatencySummary, b: LatencySummary, minChangePercent = DEFAULT_MIN_CHANGE_PERCENT): LatencyComparison {
  const changePercent = ((b.meanMs - a.meanMs) / a.meanMs) * 100;
  const spreadPercent = Math.max(a.sdMs / a.meanMs, b.sdMs / b.meanMs) * 100;
  const base = { changePercent, spreadPercent };
  if (a.samples < 2 || b.samples < 2) {
    return { ...base, verdict: 'no significant change', t: null, degreesOfFreedom: null, tCritical: null, reason: `too few timed iterations to know the spread (n = ${a.samples} and ${b.samples}; need 2 or more)` };
  }
  const se = Math.sqrt((a.sdMs * a.sdMs) / a.samples + (b.sdMs * b.sdMs) / b.samples);
  const diff = b.meanMs - a.meanMs;
  const t = se === 0 ? (diff === 0 ? 0 : Math.sign(diff) * Infinity) : diff / se;
  const df = welchDegreesOfFreedom(a, b);
  const tCritical = tQuantile975(df);
  const stats = { t, degreesOfFreedom: df, tCritical };
  if (Math.abs(t) <= tCritical) {
    return { ...base, ...stats, verdict: 'no significant change', reason: `|t| = ${Math.abs(t).toFixed(2)} ≤ ${tCritical.toFixed(2)} (Welch, df ${df.toFixed(1)}): within the noise` };
  }
  if (Math.abs(changePercent) < minChangePercent) {
    return { ...base, ...stats, verdict: 'no significant change', reason: `significant (|t| = ${Math.abs(t).toFixed(2)}) but ${Math.abs(changePercent).toFixed(2)} % is under the ${minChangePercent} % that repeats between runs` };
  }
  return { ...base, ...stats, verdict: diff < 0 ? 'faster' : 'slower', reason: `|t| = ${Math.abs(t).toFixed(2)} > ${tCritical.toFixed(2)} (Welch, df ${df.toFixed(1)}) and |change| ≥ ${minChangePercent} %` };
}
