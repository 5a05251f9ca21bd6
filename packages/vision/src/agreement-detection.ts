/**
 * Agreement of two detectors' outputs on the same image (bf16 candidate against fp32 reference): detections are
 * matched one-to-one by class and box IoU ≥ threshold, then precision, recall, mean IoU of the matches and the
 * largest score change. Pure.
 */
import { boxIou } from './boxes.ts';
import type { Box } from './boxes.ts';

export interface Detection {
  box: Box;
  classId: number;
  score: number;
}

export interface DetectionMatch {
  reference: number;
  candidate: number;
  iou: number;
}

export interface DetectionMatching {
  matches: DetectionMatch[];
  unmatchedReference: number[];
  unmatchedCandidate: number[];
}

/**
 * Greedy matching as COCO evaluation does it: candidates by decreasing score (ties by index) each take the unmatched
 * reference of the same class with the highest IoU, if that IoU is at least the threshold (ties by lower index).
 */
export function matchDetections(
  reference: readonly Detection[],
  candidate: readonly Detection[],
  iouThreshold = 0.5,
): DetectionMatching {
  const taken = new Uint8Array(reference.length);
  const candOrder = candidate.map((_, i) => i).sort((a, b) => (candidate[b] as Detection).score - (candidate[a] as Detection).score || a - b);
  const matches: DetectionMatch[] = [];
  const unmatchedCandidate: number[] = [];
  for (const c of candOrder) {
    const cd = candidate[c] as Detection;
    let best = -1;
    let bestIou = -1;
    reference.forEach((r, i) => {
      if (taken[i] || r.classId !== cd.classId) return;
      const iou = boxIou(r.box, cd.box);
      if (iou >= iouThreshold && iou > bestIou) {
        best = i;
        bestIou = iou;
      }
    });
    if (best >= 0) {
      taken[best] = 1;
      matches.push({ reference: best, candidate: c, iou: bestIou });
    } else {
      unmatchedCandidate.push(c);
    }
  }
  const unmatchedReference = reference.map((_, i) => i).filter((i) => !taken[i]);
  matches.sort((a, b) => a.reference - b.reference);
  unmatchedCandidate.sort((a, b) => a - b);
  return { matches, unmatchedReference, unmatchedCandidate };
}

export interface DetectionAgreement {
  referenceCount: number;
  candidateCount: number;
  matched: number;
  /** matched / candidateCount; 1 when the candidate found nothing. */
  precision: number;
  /** matched / referenceCount; 1 when the reference found nothing. */
  recall: number;
  /** null without matches. */
  meanIou: number | null;
  maxAbsScoreDiff: number | null;
  matching: DetectionMatching;
}

export function detectionAgreement(
  reference: readonly Detection[],
  candidate: readonly Detection[],
  iouThreshold = 0.5,
): DetectionAgreement {
  const matching = matchDetections(reference, candidate, iouThreshold);
  const m = matching.matches;
  return {
    referenceCount: reference.length,
    candidateCount: candidate.length,
    matched: m.length,
    precision: candidate.length === 0 ? 1 : m.length / candidate.length,
    recall: reference.length === 0 ? 1 : m.length / reference.length,
    meanIou: m.length === 0 ? null : m.reduce((s, x) => s + x.iou, 0) / m.length,
    maxAbsScoreDiff:
      m.length === 0
        ? null
        : Math.max(...m.map((x) => Math.abs((reference[x.reference] as Detection).score - (candidate[x.candidate] as Detection).score))),
    matching,
  };
}

/** Agreement summed over several images: counts added, precision/recall over all detections, mean IoU of all matches. */
export interface DetectionAgreementTotals {
  images: number;
  referenceCount: number;
  candidateCount: number;
  matched: number;
  precision: number;
  recall: number;
  meanIou: number | null;
  maxAbsScoreDiff: number | null;
}

export function detectionAgreementTotals(items: readonly DetectionAgreement[]): DetectionAgreementTotals {
  const sum = (f: (a: DetectionAgreement) => number): number => items.reduce((s, a) => s + f(a), 0);
  const referenceCount = sum((a) => a.referenceCount);
  const candidateCount = sum((a) => a.candidateCount);
  const matched = sum((a) => a.matched);
  const ious = items.flatMap((a) => a.matching.matches.map((m) => m.iou));
  const diffs = items.map((a) => a.maxAbsScoreDiff).filter((d): d is number => d !== null);
  return {
    images: items.length,
    referenceCount,
    candidateCount,
    matched,
    precision: candidateCount === 0 ? 1 : matched / candidateCount,
    recall: referenceCount === 0 ? 1 : matched / referenceCount,
    meanIou: ious.length ? ious.reduce((s, x) => s + x, 0) / ious.length : null,
    maxAbsScoreDiff: diffs.length ? Math.max(...diffs) : null,
  };
}
