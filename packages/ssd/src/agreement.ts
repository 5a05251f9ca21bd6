/**
 * fp32 vs candidate (bf16) agreement over a set of photos: per photo the vision package's one-to-one matching by
 * class and IoU, then totals (precision and recall over all detections, mean IoU of all matches, largest |Δscore|)
 * and the verdict against the thresholds. Pure.
 */
import { detectionAgreement, detectionAgreementTotals, type Detection, type DetectionAgreement, type DetectionAgreementTotals } from '@modelbench/vision';

export interface ImageAgreement extends DetectionAgreement {
  image: string;
}

export type AgreementTotals = DetectionAgreementTotals;

export interface Thresholds {
  minPrecision: number;
  minRecall: number;
  minMeanIou: number;
  maxScoreDiff: number;
}

export interface Verdict {
  pass: boolean;
  failures: string[];
}

export function imageAgreement(image: string, reference: readonly Detection[], candidate: readonly Detection[], iouThreshold: number): ImageAgreement {
  return { image, ...detectionAgreement(reference, candidate, iouThreshold) };
}

export function agreementTotals(items: readonly ImageAgreement[]): AgreementTotals {
  return detectionAgreementTotals(items);
}

export function decideVerdict(t: AgreementTotals, th: Thresholds): Verdict {
  const failures: string[] = [];
  if (t.precision < th.minPrecision) failures.push(`precision ${t.precision.toFixed(3)} < ${th.minPrecision}`);
  if (t.recall < th.minRecall) failures.push(`recall ${t.recall.toFixed(3)} < ${th.minRecall}`);
  if (t.meanIou !== null && t.meanIou < th.minMeanIou) failures.push(`mean IoU ${t.meanIou.toFixed(3)} < ${th.minMeanIou}`);
  if (t.maxAbsScoreDiff !== null && t.maxAbsScoreDiff > th.maxScoreDiff) failures.push(`max |Δscore| ${t.maxAbsScoreDiff.toFixed(4)} > ${th.maxScoreDiff}`);
  if (t.referenceCount === 0 && t.candidateCount === 0) failures.push('no detection above the score threshold in any image: nothing was compared');
  return { pass: failures.length === 0, failures };
}
