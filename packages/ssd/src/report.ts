/**
 * How SSD prints and draws its predictions: per photo the detections of both precisions side by side with the
 * agreement, the totals; and the detections above the score threshold drawn with COCO names and scores on each photo.
 */
import { fixed, renderTable } from '@modelbench/core';
import type { ComparisonPicture } from '@modelbench/harness';
import { agreementCaption, cocoClassName as className, drawComparison, type Detection, type DetectionAgreement, type DetectionMatching, type LoadedImage, type RgbImage } from '@modelbench/vision';
import type { AgreementTotals, ImageAgreement } from './agreement.ts';

function boxText(d: Detection): string {
  return `[${d.box.map((v) => v.toFixed(0)).join(',')}]`;
}

function cell(d: Detection | undefined): [string, string, string] {
  return d ? [className(d.classId), d.score.toFixed(3), boxText(d)] : ['-', '', ''];
}

/** Matched pairs in reference order, then unmatched reference, then unmatched candidate; at most `rows` rows. */
export function detectionTable(a: ImageAgreement, reference: readonly Detection[], candidate: readonly Detection[], candidateLabel: string, rows: number): string {
  const lines: string[][] = [];
  for (const m of a.matching.matches) lines.push([...cell(reference[m.reference]), ...cell(candidate[m.candidate]), m.iou.toFixed(3)]);
  for (const r of a.matching.unmatchedReference) lines.push([...cell(reference[r]), ...cell(undefined), 'unmatched']);
  for (const c of a.matching.unmatchedCandidate) lines.push([...cell(undefined), ...cell(candidate[c]), 'unmatched']);
  const shown = lines.slice(0, rows);
  const table = renderTable(['fp32 class', 'score', 'box', `${candidateLabel} class`, 'score', 'box', 'IoU'], shown, ['left', 'right', 'left', 'left', 'right', 'left', 'right']);
  return lines.length > rows ? `${table}\n  … ${lines.length - rows} more rows` : table;
}

export function imageLine(a: ImageAgreement, width: number, height: number, candidateLabel: string, scoreThreshold: number): string {
  return (
    `${a.image} (${width}x${height}): fp32 ${a.referenceCount} detections ≥ ${scoreThreshold}, ${candidateLabel} ${a.candidateCount}; ` +
    `matched ${a.matched}: precision ${fixed(a.precision, 3)}, recall ${fixed(a.recall, 3)}, mean IoU ${fixed(a.meanIou, 3)}, max |Δscore| ${fixed(a.maxAbsScoreDiff, 4)}`
  );
}

export function totalsLines(t: AgreementTotals, candidateLabel: string): string[] {
  return [
    `agreement of ${candidateLabel} with fp32 over ${t.images} image(s): ${t.matched} of ${t.referenceCount} fp32 / ${t.candidateCount} ${candidateLabel} detections matched (same class, IoU ≥ threshold)`,
    `  precision ${fixed(t.precision, 3)}  recall ${fixed(t.recall, 3)}  mean IoU ${fixed(t.meanIou, 4)}  max |Δscore| ${fixed(t.maxAbsScoreDiff, 5)}`,
  ];
}

function drawable(dets: readonly Detection[]): { box: Detection['box']; classId: number; label: string; score: number }[] {
  return dets.map((d) => ({ box: d.box, classId: d.classId, label: className(d.classId), score: d.score }));
}

/** What a comparison picture marks besides the detections. */
export interface PictureMarks {
  /** the photo's matching from the agreement (indices into the compared detections): the unmatched are marked */
  matching: Pick<DetectionMatching, 'unmatchedReference' | 'unmatchedCandidate'>;
  candidateLabel: string;
  /** the photo's agreement figures (the validate report's): the picture's caption strip (agreementCaption) */
  agreement?: Pick<DetectionAgreement, 'precision' | 'recall' | 'meanIou' | 'matched' | 'matching'>;
}

/**
 * One photo's compared detections drawn for fp32 and the candidate; a detection only one precision found is dashed
 * and tagged `only fp32` / `only <candidate>`.
 */
export async function detectionPicture(photo: LoadedImage, reference: readonly Detection[], candidate: readonly Detection[], marks: PictureMarks): Promise<ComparisonPicture<RgbImage>> {
  const drawn = await drawComparison(photo.image, drawable(reference), drawable(candidate), marks.matching, { candidateLabel: marks.candidateLabel });
  return {
    name: photo.name,
    reference: drawn.reference,
    candidate: drawn.candidate,
    referenceCaption: `${reference.length} detections`,
    candidateCaption: `${candidate.length} detections`,
    ...(marks.agreement ? { caption: agreementCaption(marks.agreement) } : {}),
  };
}
