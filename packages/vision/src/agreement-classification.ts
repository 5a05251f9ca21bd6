/**
 * How far a classifier's output under one precision (bf16) is from another (fp32) on the same input. Pure functions,
 * computed in float64.
 */
import { BenchError } from '@modelbench/core';

function sameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new BenchError('BAD_INPUT', `${what}: lengths differ (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new BenchError('BAD_INPUT', `${what}: empty input`);
}

/** Numerically stable softmax (the maximum is subtracted first). */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp((logits[i] as number) - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

/** Indices of the k largest values, largest first; equal values by lower index first. */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const n = values.length;
  const kk = Math.max(0, Math.min(k, n));
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  return idx.slice(0, kk);
}

/** How many of the k top indices of `a` are also among the k top of `b` (order ignored). */
export function topKOverlap(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  const tb = new Set(topK(b, k));
  return topK(a, k).filter((i) => tb.has(i)).length;
}

/** Floor for q in KL(p‖q), so that an underflowed probability gives a large, finite divergence. */
export const KL_FLOOR = 1e-30;

/** KL(p‖q) = Σ p·ln(p/q) in nats; terms with p = 0 contribute 0. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  sameLength(p, q, 'KL divergence');
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    if (pi > 0) s += pi * Math.log(pi / Math.max(q[i] as number, KL_FLOOR));
  }
  return Math.max(0, s);
}

/** ‖candidate − reference‖₂ / ‖reference‖₂; 0 when both are zero, Infinity when only the reference is. */
export function relativeError(reference: ArrayLike<number>, candidate: ArrayLike<number>): number {
  sameLength(reference, candidate, 'relative error');
  let num = 0;
  let den = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] as number;
    const d = (candidate[i] as number) - r;
    num += d * d;
    den += r * r;
  }
  if (den === 0) return num === 0 ? 0 : Infinity;
  return Math.sqrt(num / den);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  sameLength(a, b, 'max |difference|');
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

export interface ClassificationAgreement {
  top1Reference: number;
  top1Candidate: number;
  top1Agree: boolean;
  k: number;
  /** 0..k */
  topKOverlap: number;
  maxAbsProbabilityDiff: number;
  /** KL(p_reference ‖ p_candidate), nats. */
  klDivergence: number;
  logitsRelativeError: number;
}

/** Agreement of one image's logits: reference (fp32) vs candidate (bf16). */
export function classificationAgreement(
  referenceLogits: ArrayLike<number>,
  candidateLogits: ArrayLike<number>,
  k = 5,
): ClassificationAgreement {
  sameLength(referenceLogits, candidateLogits, 'classification agreement');
  const p = softmax(referenceLogits);
  const q = softmax(candidateLogits);
  const t1r = topK(p, 1)[0] as number;
  const t1c = topK(q, 1)[0] as number;
  return {
    top1Reference: t1r,
    top1Candidate: t1c,
    top1Agree: t1r === t1c,
    k,
    topKOverlap: topKOverlap(p, q, k),
    maxAbsProbabilityDiff: maxAbsDiff(p, q),
    klDivergence: klDivergence(p, q),
    logitsRelativeError: relativeError(referenceLogits, candidateLogits),
  };
}

export interface ClassificationAgreementSummary {
  images: number;
  top1AgreeCount: number;
  minTopKOverlap: number;
  maxAbsProbabilityDiff: number;
  maxKlDivergence: number;
  maxLogitsRelativeError: number;
}

export function summarizeClassificationAgreement(items: readonly ClassificationAgreement[]): ClassificationAgreementSummary {
  if (items.length === 0) throw new BenchError('BAD_INPUT', 'no images to summarise');
  return {
    images: items.length,
    top1AgreeCount: items.filter((a) => a.top1Agree).length,
    minTopKOverlap: Math.min(...items.map((a) => a.topKOverlap)),
    maxAbsProbabilityDiff: Math.max(...items.map((a) => a.maxAbsProbabilityDiff)),
    maxKlDivergence: Math.max(...items.map((a) => a.klDivergence)),
    maxLogitsRelativeError: Math.max(...items.map((a) => a.logitsRelativeError)),
  };
}
