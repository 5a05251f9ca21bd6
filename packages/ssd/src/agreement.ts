/**
 * fp32 vs candidate (bf16) agreement over a set of photos: detections above the score threshold, per photo the
 * vision package's one-to-one matching by class and IoU, then totals (precision and recall over all detections, mean
 * IoU of all matches, largest |Δscore|) checked against the thresholds. Pure.
 */
import { detectionChecks, detectorAgreement, type AgreementResult, type DetectorAgreementDetails, type DetectorAgreementOptions } from '@modelbench/harness';
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

/** per photo the detections above the score threshold that were compared, their matching, and the totals */
export type SsdAgreementDetails = DetectorAgreementDetails<Detection, ImageAgreement, AgreementTotals>;

export function imageAgreement(image: string, reference: readonly Detection[], candidate: readonly Detection[], iouThreshold: number): ImageAgreement {
  return { image, ...detectionAgreement(reference, candidate, iouThreshold) };
}

export function agreementTotals(items: readonly ImageAgreement[]): AgreementTotals {
  return detectionAgreementTotals(items);
}

/** The detector checks on the totals, the overlap being the mean box IoU of the matches. */
export function totalsChecks(t: AgreementTotals, th: Thresholds): AgreementResult<AgreementTotals> {
  return detectionChecks(t, { metric: 'mean IoU', value: t.meanIou }, { ...th, minOverlap: th.minMeanIou }, 'detection');
}

export function ssdAgreement(
  names: readonly string[],
  reference: readonly (readonly Detection[])[],
  candidate: readonly (readonly Detection[])[],
  o: DetectorAgreementOptions<Thresholds>,
): AgreementResult<SsdAgreementDetails> {
  return detectorAgreement(names, reference, candidate, o, { image: imageAgreement, totals: agreementTotals, checks: totalsChecks });
}
