/**
 * fp32 vs candidate (bf16) agreement of instance segmentations: instances above the score threshold, per photo the
 * vision package's one-to-one matching by class and box IoU, then the mask IoU of every matched pair; totals over the
 * photos (precision and recall over all instances, mean box IoU and mean mask IoU of all matches, largest |Δscore|)
 * checked against the thresholds. Pure.
 */
import { detectionChecks, detectorAgreement, type AgreementResult, type DetectorAgreementDetails, type DetectorAgreementOptions } from '@modelbench/harness';
import { detectionAgreement, detectionAgreementTotals, maskIou, type DetectionAgreement, type DetectionAgreementTotals } from '@modelbench/vision';
import type { Instance } from './lib/instance.ts';

export interface ImageAgreement extends DetectionAgreement {
  image: string;
  /** mask IoU of each match, in the order of `matching.matches` */
  maskIous: number[];
  meanMaskIou: number | null;
}

/** The detection totals (mean IoU named for boxes) plus the mask IoUs of the matched pairs. */
export interface AgreementTotals extends Omit<DetectionAgreementTotals, 'meanIou'> {
  meanBoxIou: number | null;
  meanMaskIou: number | null;
  minMaskIou: number | null;
}

export interface Thresholds {
  minPrecision: number;
  minRecall: number;
  minMeanMaskIou: number;
  maxScoreDiff: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { minPrecision: 0.9, minRecall: 0.9, minMeanMaskIou: 0.9, maxScoreDiff: 0.05 };

/** per photo the instances above the score threshold that were compared, their matching, and the totals */
export type MaskRcnnAgreementDetails = DetectorAgreementDetails<Instance, ImageAgreement, AgreementTotals>;

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

export function imageAgreement(image: string, reference: readonly Instance[], candidate: readonly Instance[], matchIou: number): ImageAgreement {
  const boxes = detectionAgreement(reference, candidate, matchIou);
  const maskIous = boxes.matching.matches.map((m) => maskIou((reference[m.reference] as Instance).mask, (candidate[m.candidate] as Instance).mask));
  return { image, ...boxes, maskIous, meanMaskIou: mean(maskIous) };
}

export function agreementTotals(items: readonly ImageAgreement[]): AgreementTotals {
  const { meanIou, ...boxes } = detectionAgreementTotals(items);
  const maskIous = items.flatMap((a) => a.maskIous);
  return { ...boxes, meanBoxIou: meanIou, meanMaskIou: mean(maskIous), minMaskIou: maskIous.length ? Math.min(...maskIous) : null };
}

/** Precision, recall, mean mask IoU and the largest score change; without any match the last two are not checked. */
export function instanceChecks(t: AgreementTotals, th: Thresholds): AgreementResult<AgreementTotals> {
  return detectionChecks(t, { metric: 'mean mask IoU', value: t.meanMaskIou }, { ...th, minOverlap: th.minMeanMaskIou }, 'instance');
}

export function maskRcnnAgreement(
  names: readonly string[],
  reference: readonly (readonly Instance[])[],
  candidate: readonly (readonly Instance[])[],
  o: DetectorAgreementOptions<Thresholds>,
): AgreementResult<MaskRcnnAgreementDetails> {
  return detectorAgreement(names, reference, candidate, o, { image: imageAgreement, totals: agreementTotals, checks: instanceChecks });
}
