/**
 * The MLPerf accuracy rule: the candidate precision passes when its metric is at least a fraction of the fp32
 * reference's on the same samples — 99 % by default, 99.9 % for the high-accuracy targets (MLPerf's "-99.9"
 * benchmarks), or any fraction given with --threshold.
 */
import { BenchError } from '@modelbench/core';

export const DEFAULT_ACCURACY_FRACTION = 0.99;
export const HIGH_ACCURACY_FRACTION = 0.999;

export interface AccuracyVerdict {
  pass: boolean;
  metric: string;
  reference: number;
  candidate: number;
  /** candidate / reference (1 when both are 0) */
  ratio: number;
  /** the fraction of the reference the candidate had to reach */
  fraction: number;
  /** fraction × reference */
  required: number;
  /**
   * false when the fp32 reference scores 0 (synthetic weights score ~0): "at least 99 % of nothing" holds for any
   * candidate, so the rule says nothing — reported as n/a, never as PASS (exit 0: nothing failed)
   */
  comparable: boolean;
}

/** The run's verdict: FAIL when a comparable metric fails, n/a when any metric had nothing to compare, else PASS. */
export function overallVerdict(verdicts: readonly AccuracyVerdict[]): 'PASS' | 'FAIL' | 'n/a' | null {
  if (verdicts.length === 0) return null;
  if (verdicts.some((v) => v.comparable && !v.pass)) return 'FAIL';
  return verdicts.some((v) => !v.comparable) ? 'n/a' : 'PASS';
}

/**
 * `--threshold 0.99` or `--threshold 99` (a percentage above 1), `--high-accuracy` = 0.999; the threshold wins when
 * both are given.
 */
export function accuracyFraction(threshold: number | undefined, highAccuracy: boolean): number {
  if (threshold === undefined) return highAccuracy ? HIGH_ACCURACY_FRACTION : DEFAULT_ACCURACY_FRACTION;
  const f = threshold > 1 ? threshold / 100 : threshold;
  if (!Number.isFinite(f) || f <= 0 || f > 1) {
    throw new BenchError('USAGE', `--threshold must be a fraction in (0, 1] or a percentage in (1, 100], got ${threshold}`, { hint: 'for example --threshold 0.99 or --threshold 99.9' });
  }
  return f;
}

export function accuracyVerdict(metric: string, reference: number, candidate: number, fraction: number): AccuracyVerdict {
  const required = fraction * reference;
  const ratio = reference === 0 ? (candidate === 0 ? 1 : Infinity) : candidate / reference;
  return { pass: candidate >= required, metric, reference, candidate, ratio, fraction, required, comparable: reference > 0 };
}
