/**
 * fp32 vs candidate (bf16) agreement over a set of photos: detections above the score threshold, per photo the
 * vision package's one-to-one matching by class and IoU, then totals (precision and recall over all detections, mean
 * IoU of all matches, largest |Δscore|) checked against the thresholds. Pure.
 */
import { agreementResult, check, type AgreementResult } from '@modelbench/harness';
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

export const DEFAULT_THRESHOLDS: Thresholds = { minPrecision: 0.9, minRecall: 0.9, minMeanIou: 0.9, maxScoreDiff: 0.05 };

export interface SsdAgreementDetails {
  scoreThreshold: number;
  matchIou: number;
  images: ImageAgreement[];
  /** per photo, the detections above the score threshold that were compared */
  compared: { reference: Detection[]; candidate: Detection[] }[];
  totals: AgreementTotals;
}

export function imageAgreement(image: string, reference: readonly Detection[], candidate: readonly Detection[], iouThreshold: number): ImageAgreement {
  return { image, ...detectionAgreement(reference, candidate, iouThreshold) };
}

export function agreementTotals(items: readonly ImageAgreement[]): AgreementTotals {
  return detectionAgreementTotals(items);
}

/** The checks on the totals; a mean IoU or score difference without any match is not checked. */
export function totalsChecks(t: AgreementTotals, th: Thresholds): AgreementResult<AgreementTotals> {
  const checks = [check('precision', t.precision, th.minPrecision, 'min'), check('recall', t.recall, th.minRecall, 'min')];
  if (t.meanIou !== null) checks.push(check('mean IoU', t.meanIou, th.minMeanIou, 'min'));
  if (t.maxAbsScoreDiff !== null) checks.push(check('max |Δscore|', t.maxAbsScoreDiff, th.maxScoreDiff, 'max'));
  const nothing = t.referenceCount === 0 && t.candidateCount === 0 ? ['no detection above the score threshold in any image: nothing was compared'] : [];
  return agreementResult(checks, t, nothing);
}

export function ssdAgreement(
  names: readonly string[],
  reference: readonly (readonly Detection[])[],
  candidate: readonly (readonly Detection[])[],
  o: { scoreThreshold: number; matchIou: number; thresholds: Thresholds },
): AgreementResult<SsdAgreementDetails> {
  const compared = reference.map((r, i) => ({ reference: r.filter((d) => d.score > o.scoreThreshold), candidate: candidate[i]!.filter((d) => d.score > o.scoreThreshold) }));
  const images = compared.map((c, i) => imageAgreement(names[i]!, c.reference, c.candidate, o.matchIou));
  const totals = agreementTotals(images);
  const r = totalsChecks(totals, o.thresholds);
  return { ...r, details: { scoreThreshold: o.scoreThreshold, matchIou: o.matchIou, images, compared, totals } };
}
