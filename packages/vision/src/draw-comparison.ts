/**
 * The two drawings of a side-by-side comparison with what only one precision found marked: a reference detection
 * with no match in the candidate is dashed and tagged `only <reference label>`, and the other way round; a banner
 * (e.g. `synthetic weights: the predictions mean nothing`) goes on both.
 */
import type { DetectionMatching } from './agreement-detection.ts';
import { drawDetections, type DrawableDetection, type DrawDetectionsOptions } from './draw-detections.ts';
import type { RgbImage } from './image.ts';

export interface ComparisonDrawingOptions extends DrawDetectionsOptions {
  referenceLabel?: string;
  candidateLabel: string;
}

/** Pure: the detections with `unmatchedMark` set on those the matching left unmatched. */
export function markUnmatched(
  reference: readonly DrawableDetection[],
  candidate: readonly DrawableDetection[],
  matching: Pick<DetectionMatching, 'unmatchedReference' | 'unmatchedCandidate'>,
  referenceLabel: string,
  candidateLabel: string,
): { reference: DrawableDetection[]; candidate: DrawableDetection[] } {
  const onlyRef = new Set(matching.unmatchedReference);
  const onlyCand = new Set(matching.unmatchedCandidate);
  return {
    reference: reference.map((d, i) => (onlyRef.has(i) ? { ...d, unmatchedMark: `only ${referenceLabel}` } : d)),
    candidate: candidate.map((d, i) => (onlyCand.has(i) ? { ...d, unmatchedMark: `only ${candidateLabel}` } : d)),
  };
}

export async function drawComparison(
  image: RgbImage,
  reference: readonly DrawableDetection[],
  candidate: readonly DrawableDetection[],
  matching: Pick<DetectionMatching, 'unmatchedReference' | 'unmatchedCandidate'>,
  opts: ComparisonDrawingOptions,
): Promise<{ reference: RgbImage; candidate: RgbImage }> {
  const marked = markUnmatched(reference, candidate, matching, opts.referenceLabel ?? 'fp32', opts.candidateLabel);
  return { reference: await drawDetections(image, marked.reference, opts), candidate: await drawDetections(image, marked.candidate, opts) };
}
