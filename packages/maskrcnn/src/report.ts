/**
 * How Mask R-CNN prints and draws its predictions: one line per photo, the instances side by side, the totals; and
 * each instance's mask (probability > the mask threshold) blended into the photo with weight 0.6 as the original did,
 * then its box with class name and score.
 */
import { fixed, renderTable } from '@modelbench/core';
import type { ComparisonPicture } from '@modelbench/harness';
import {
  DEFAULT_MASK_ALPHA,
  agreementCaption,
  blendMasks,
  cocoClassName as className,
  drawDetections,
  markUnmatched,
  paletteColour,
  type DetectionMatching,
  type DrawableDetection,
  type DrawDetectionsOptions,
  type LoadedImage,
  type RgbImage,
} from '@modelbench/vision';
import type { AgreementTotals, ImageAgreement } from './agreement.ts';
import type { Instance } from './lib/instance.ts';

export function imageLine(a: ImageAgreement, width: number, height: number, candidateLabel: string, scoreThreshold: number): string {
  return (
    `${a.image}  ${width}x${height}: fp32 ${a.referenceCount}, ${candidateLabel} ${a.candidateCount} instances above ${scoreThreshold}; ` +
    `matched ${a.matched} (precision ${fixed(a.precision, 3)}, recall ${fixed(a.recall, 3)}), ` +
    `mean box IoU ${fixed(a.meanIou, 4)}, mean mask IoU ${fixed(a.meanMaskIou, 4)}, max |Δscore| ${fixed(a.maxAbsScoreDiff, 4)}`
  );
}

const area = (m: Uint8Array): number => m.reduce((s, v) => s + v, 0);

/** The fp32 instances, best first, each with its matched candidate (or none). */
export function instanceTable(a: ImageAgreement, reference: readonly Instance[], candidate: readonly Instance[], candidateLabel: string, rows: number): string {
  const byRef = new Map(a.matching.matches.map((m, k) => [m.reference, { ...m, maskIou: a.maskIous[k] as number }]));
  const body = reference.slice(0, rows).map((r, i) => {
    const m = byRef.get(i);
    const c = m ? (candidate[m.candidate] as Instance) : undefined;
    return [className(r.classId), fixed(r.score, 3), r.box.map((v) => v.toFixed(0)).join(','), String(area(r.mask)), c ? fixed(c.score, 3) : 'unmatched', m ? fixed(m.iou, 4) : '-', m ? fixed(m.maskIou, 4) : '-'];
  });
  const more = reference.length > rows ? [`  … ${reference.length - rows} more`] : [];
  return [renderTable(['class', 'fp32 score', 'box', 'mask px', `${candidateLabel} score`, 'box IoU', 'mask IoU'], body, ['left']).replace(/^/gm, '  '), ...more].join('\n');
}

export function totalsLines(t: AgreementTotals, candidateLabel: string): string[] {
  return [
    `agreement of ${candidateLabel} with fp32 over ${t.images} photo(s): ${t.matched} of ${t.referenceCount} fp32 / ${t.candidateCount} ${candidateLabel} instances matched`,
    `  precision ${fixed(t.precision, 3)}, recall ${fixed(t.recall, 3)}, mean box IoU ${fixed(t.meanBoxIou, 4)}, ` +
      `mean mask IoU ${fixed(t.meanMaskIou, 4)} (lowest ${fixed(t.minMaskIou, 4)}), max |Δscore| ${fixed(t.maxAbsScoreDiff, 4)}`,
  ];
}

/** Instances without their masks, for instances.json. */
export function instanceSummary(xs: readonly Instance[]): { box: Instance['box']; classId: number; score: number; maskPixels: number }[] {
  return xs.map((d) => ({ box: d.box, classId: d.classId, score: d.score, maskPixels: area(d.mask) }));
}

const drawable = (xs: readonly Instance[]): DrawableDetection[] => xs.map((d) => ({ box: d.box, classId: d.classId, label: className(d.classId), score: d.score }));

/**
 * Masks blended (lowest score first, so the best instance is on top), then boxes and labels, the labels placed by the
 * vision package's layout so overlapping instances keep legible tags; `drawn` (the instances as drawn, e.g. with
 * unmatched marks) in the order of `instances`.
 */
export async function drawInstances(image: RgbImage, instances: readonly Instance[], opts: DrawDetectionsOptions = {}, drawn: readonly DrawableDetection[] = drawable(instances)): Promise<RgbImage> {
  const ordered = [...instances].sort((a, b) => a.score - b.score);
  const blended = blendMasks(image, ordered.map((d) => ({ mask: d.mask, colour: paletteColour(d.classId) })), DEFAULT_MASK_ALPHA);
  return drawDetections(blended, drawn, opts);
}

/** What a comparison picture marks besides the instances. */
export interface PictureMarks {
  /** the photo's matching from the agreement (indices into the compared instances): the unmatched are marked */
  matching: Pick<DetectionMatching, 'unmatchedReference' | 'unmatchedCandidate'>;
  candidateLabel: string;
  /** the photo's agreement figures (the validate report's, mask IoU included): the picture's caption strip (agreementCaption) */
  agreement?: Pick<ImageAgreement, 'precision' | 'recall' | 'meanIou' | 'matched' | 'matching' | 'meanMaskIou'>;
}

/**
 * One photo's compared instances drawn for fp32 and the candidate; an instance only one precision found is dashed
 * and tagged `only fp32` / `only <candidate>`.
 */
export async function instancePicture(photo: LoadedImage, reference: readonly Instance[], candidate: readonly Instance[], marks: PictureMarks): Promise<ComparisonPicture<RgbImage>> {
  const marked = markUnmatched(drawable(reference), drawable(candidate), marks.matching, 'fp32', marks.candidateLabel);
  return {
    name: photo.name,
    reference: await drawInstances(photo.image, reference, {}, marked.reference),
    candidate: await drawInstances(photo.image, candidate, {}, marked.candidate),
    referenceCaption: `${reference.length} instances`,
    candidateCaption: `${candidate.length} instances`,
    ...(marks.agreement ? { caption: agreementCaption(marks.agreement, [`mean mask IoU ${marks.agreement.meanMaskIou === null ? 'n/a' : marks.agreement.meanMaskIou.toFixed(3)}`]) } : {}),
  };
}
