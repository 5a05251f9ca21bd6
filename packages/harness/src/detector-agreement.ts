/**
 * A detector's fp32 vs candidate agreement over a set of photos (SSD, Mask R-CNN): per photo the predictions above the
 * score threshold (aboveScore), the workload's one-to-one matching of them, totals over the photos and the workload's
 * checks of the totals (detection-checks.ts). The workload gives what differs: how one photo is matched (box IoU;
 * mask IoU too), its totals and its checks. Pure.
 */
import { aboveScore } from './detection-checks.ts';
import type { AgreementResult } from './workload.ts';

/** What the agreement found, as a detector's validate reports, draws and records it. */
export interface DetectorAgreementDetails<T, A, Totals> {
  scoreThreshold: number;
  matchIou: number;
  /** per photo, the workload's agreement of the compared predictions */
  images: A[];
  /** per photo, the predictions above the score threshold that were compared */
  compared: { reference: T[]; candidate: T[] }[];
  totals: Totals;
}

/** What differs between detectors: one photo's matching, the totals over photos, the checks of the totals. */
export interface DetectorAgreementParts<T, A, Totals, Thresholds> {
  image(name: string, reference: readonly T[], candidate: readonly T[], matchIou: number): A;
  totals(images: readonly A[]): Totals;
  checks(totals: Totals, thresholds: Thresholds): AgreementResult<Totals>;
}

export interface DetectorAgreementOptions<Thresholds> {
  scoreThreshold: number;
  matchIou: number;
  thresholds: Thresholds;
}

export function detectorAgreement<T extends { score: number }, A, Totals, Thresholds>(
  names: readonly string[],
  reference: readonly (readonly T[])[],
  candidate: readonly (readonly T[])[],
  o: DetectorAgreementOptions<Thresholds>,
  parts: DetectorAgreementParts<T, A, Totals, Thresholds>,
): AgreementResult<DetectorAgreementDetails<T, A, Totals>> {
  const compared = aboveScore(reference, candidate, o.scoreThreshold);
  const images = compared.map((c, i) => parts.image(names[i]!, c.reference, c.candidate, o.matchIou));
  const totals = parts.totals(images);
  return { ...parts.checks(totals, o.thresholds), details: { scoreThreshold: o.scoreThreshold, matchIou: o.matchIou, images, compared, totals } };
}

/** The details as the record keeps them: without the compared predictions and each photo's matching (bulky). */
export function detectorRecordDetails<T, A extends { matching: unknown }, Totals>(d: DetectorAgreementDetails<T, A, Totals>): { scoreThreshold: number; matchIou: number; totals: Totals; images: Omit<A, 'matching'>[] } {
  return { scoreThreshold: d.scoreThreshold, matchIou: d.matchIou, totals: d.totals, images: d.images.map(({ matching: _m, ...rest }) => rest) };
}
