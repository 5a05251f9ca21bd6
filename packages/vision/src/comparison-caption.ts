/**
 * What a validate picture says beside the drawings: the detections only one precision found (lost: only in fp32;
 * gained: only in the candidate) and the photo's agreement figures as the validate report computes them. Pure.
 */
import { matchDetections, type Detection, type DetectionAgreement } from './agreement-detection.ts';

/** Lost (reference only) and gained (candidate only) detections, by the report's own one-to-one matching. */
export function lostAndGained<D extends Detection>(
  reference: readonly D[],
  candidate: readonly D[],
  iouThreshold = 0.5,
): { lost: D[]; gained: D[] } {
  const m = matchDetections(reference, candidate, iouThreshold);
  return { lost: m.unmatchedReference.map((i) => reference[i]!), gained: m.unmatchedCandidate.map((i) => candidate[i]!) };
}

function figure(x: number | null, digits: number): string {
  return x === null ? 'n/a' : x.toFixed(digits);
}

/**
 * One caption line: `vs fp32: recall 0.750, precision 0.600, mean IoU 0.912 (3 matched; 1 lost, 2 gained)`, plus any
 * `extra` figures (e.g. `mean mask IoU 0.880`) before the counts.
 */
export function agreementCaption(
  a: Pick<DetectionAgreement, 'precision' | 'recall' | 'meanIou' | 'matched' | 'matching'>,
  extra: readonly string[] = [],
): string {
  const figures = [`recall ${figure(a.recall, 3)}`, `precision ${figure(a.precision, 3)}`, `mean IoU ${figure(a.meanIou, 3)}`, ...extra];
  const lost = a.matching.unmatchedReference.length;
  const gained = a.matching.unmatchedCandidate.length;
  return `vs fp32: ${figures.join(', ')} (${a.matched} matched; ${lost} lost, ${gained} gained)`;
}
