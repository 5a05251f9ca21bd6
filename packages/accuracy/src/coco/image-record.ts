/**
 * One image's detections as its COCO accuracy record, the way COCO evaluation is run on torchvision's detectors:
 * detections scoring above `scoreThreshold` (torchvision's `box_score_thresh` / `score_thresh`, a strict `>`), the
 * best `maxDetections` by score (`box_detections_per_img` / `detections_per_img`; a stable sort, so ties keep the
 * model's order), each as a COCO result with its label's category id (label-map.ts: torchvision's 91-id space by
 * default, N/A ids included) and, for instance masks, the full-image binary mask as compressed RLE. Only then are
 * detections whose label names no category the annotations evaluate left out (N/A labels, categories the file does
 * not hold), as COCOeval ignores results outside the ground truth's categories; nothing is checked before that filter
 * except that a kept label belongs to the label space at all.
 */
import { BenchError } from '@modelbench/core';
import type { CocoGroundTruth } from './annotations.ts';
import { COCO91_LABEL_MAP, type CocoLabelMap } from './label-map.ts';
import { toCocoResult } from './results.ts';
import type { CocoImageRecord } from './run-records.ts';

export interface ImageDetection {
  /** x1, y1, x2, y2 in the image's pixels */
  box: readonly number[];
  /** the model's label (torchvision's 91-id numbering unless a label map says otherwise) */
  classId: number;
  score: number;
  /** full-image binary mask, row-major height × width */
  mask?: Uint8Array;
}

export interface ImageRecordOptions {
  scoreThreshold: number;
  maxDetections: number;
  /** the categories evaluated (the annotations'); others are dropped */
  categoryIds: ReadonlySet<number>;
  /** model label → category id (default: torchvision's 91-id space) */
  labelMap?: CocoLabelMap;
}

export function categoryIdsOf(gt: CocoGroundTruth): Set<number> {
  return new Set(gt.categories.map((c) => c.id));
}

export function cocoImageRecord(image: { id: number; width: number; height: number }, detections: readonly ImageDetection[], o: ImageRecordOptions): CocoImageRecord {
  const kept = detections
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d.score > o.scoreThreshold)
    .sort((a, b) => b.d.score - a.d.score || a.i - b.i)
    .slice(0, o.maxDetections)
    .map(({ d }) => d);
  const labelMap = o.labelMap ?? COCO91_LABEL_MAP;
  const results = [];
  for (const d of kept) {
    const categoryId = labelMap.categoryOf(d.classId);
    if (categoryId === null || !o.categoryIds.has(categoryId)) continue;
    if (d.mask && d.mask.length !== image.width * image.height) {
      throw new BenchError('INFERENCE_FAILED', `image ${image.id}: a mask of ${d.mask.length} pixels for a ${image.width}×${image.height} image`, { hint: 'masks must be pasted into the whole image' });
    }
    results.push(
      toCocoResult({ imageId: image.id, categoryId, box: d.box, score: d.score, ...(d.mask ? { mask: { data: d.mask, height: image.height, width: image.width } } : {}) }),
    );
  }
  return { image_id: image.id, results };
}
