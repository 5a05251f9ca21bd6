/**
 * fp32 vs candidate (bf16) agreement of instance segmentations: per photo the vision package's one-to-one matching
 * by class and box IoU, then the mask IoU of every matched pair; totals over the photos (precision and recall over
 * all instances, mean box IoU and mean mask IoU of all matches, largest |Δscore|) and a verdict. Pure.
 */
import { detectionAgreement, detectionAgreementTotals, maskIou, type DetectionAgreement, type DetectionAgreementTotals } from '@modelbench/vision';
import type { Instance } from './instance.ts';

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

export interface Verdict {
  pass: boolean;
  failures: string[];
}

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

export function decideVerdict(t: AgreementTotals, th: Thresholds): Verdict {
  const failures: string[] = [];
  if (t.precision < th.minPrecision) failures.push(`precision ${t.precision.toFixed(3)} < ${th.minPrecision}`);
  if (t.recall < th.minRecall) failures.push(`recall ${t.recall.toFixed(3)} < ${th.minRecall}`);
  if (t.meanMaskIou !== null && t.meanMaskIou < th.minMeanMaskIou) failures.push(`mean mask IoU ${t.meanMaskIou.toFixed(3)} < ${th.minMeanMaskIou}`);
  if (t.maxAbsScoreDiff !== null && t.maxAbsScoreDiff > th.maxScoreDiff) failures.push(`max |Δscore| ${t.maxAbsScoreDiff.toFixed(4)} > ${th.maxScoreDiff}`);
  if (t.referenceCount === 0 && t.candidateCount === 0) failures.push('no instance above the score threshold in any photo: nothing was compared');
  return { pass: failures.length === 0, failures };
}
