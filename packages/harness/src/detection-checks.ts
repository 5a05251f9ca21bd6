/**
 * The checks every detector's agreement makes (SSD, Mask R-CNN): what is compared is the predictions above the score
 * threshold; precision and recall of the candidate against fp32, the overlap of the matches (box or mask IoU) and the
 * largest score change, the last two only when something matched; nothing compared at all fails. Pure.
 */
import type { AgreementResult } from './workload.ts';
import { agreementResult, check } from './verdict.ts';

export interface DetectionTotalsLike {
  precision: number;
  recall: number;
  maxAbsScoreDiff: number | null;
  referenceCount: number;
  candidateCount: number;
}

export interface DetectionThresholds {
  minPrecision: number;
  minRecall: number;
  /** the least mean overlap of the matches (box IoU for SSD, mask IoU for Mask R-CNN) */
  minOverlap: number;
  maxScoreDiff: number;
}

/** Per sample, the predictions of both sides that score above the threshold. */
export function aboveScore<T extends { score: number }>(reference: readonly (readonly T[])[], candidate: readonly (readonly T[])[], threshold: number): { reference: T[]; candidate: T[] }[] {
  return reference.map((r, i) => ({ reference: r.filter((d) => d.score > threshold), candidate: (candidate[i] ?? []).filter((d) => d.score > threshold) }));
}

export function detectionChecks<T extends DetectionTotalsLike>(t: T, overlap: { metric: string; value: number | null }, th: DetectionThresholds, noun: string): AgreementResult<T> {
  const checks = [check('precision', t.precision, th.minPrecision, 'min'), check('recall', t.recall, th.minRecall, 'min')];
  if (overlap.value !== null) checks.push(check(overlap.metric, overlap.value, th.minOverlap, 'min'));
  if (t.maxAbsScoreDiff !== null) checks.push(check('max |Δscore|', t.maxAbsScoreDiff, th.maxScoreDiff, 'max'));
  const nothing = t.referenceCount + t.candidateCount === 0 ? [`no ${noun} above the score threshold in any image: nothing was compared`] : [];
  return agreementResult(checks, t, nothing);
}
