/**
 * One image's detections as its COCO accuracy record, the way COCO evaluation is run on torchvision's detectors:
 * detections scoring above `scoreThreshold` (torchvision's `box_score_thresh` / `score_thresh`, a strict `>`), the
 * best `maxDetections` by score (`box_detections_per_img` / `detections_per_img`; a stable sort, so ties keep the
 * model's order), each as a COCO result with the detection's COCO category id (labels already in COCO's 91-id
 * numbering) and, for instance masks, the full-image binary mask as compressed RLE. Detections of categories the
 * annotations do not evaluate are left out, as COCOeval (which evaluates the annotations' categories) ignores them.
 */
import { BenchError } from '@modelbench/core';
import type { CocoGroundTruth } from './annotations.ts';
import { categoryIdOfLabel } from './categories.ts';
import { toCocoResult } from './results.ts';
import type { CocoImageRecord } from './run-records.ts';

export interface ImageDetection {
  /** x1, y1, x2, y2 in the image's pixels */
  box: readonly number[];
  /** COCO category id (91-id numbering) */
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
  const results = [];
  for (const d of kept) {
    const categoryId = categoryIdOfLabel(d.classId, 'coco91');
    if (!o.categoryIds.has(categoryId)) continue;
    if (d.mask && d.mask.length !== image.width * image.height) {
      throw new BenchError('INFERENCE_FAILED', `image ${image.id}: a mask of ${d.mask.length} pixels for a ${image.width}×${image.height} image`, { hint: 'masks must be pasted into the whole image' });
    }
    results.push(
      toCocoResult({ imageId: image.id, categoryId, box: d.box, score: d.score, ...(d.mask ? { mask: { data: d.mask, height: image.height, width: image.width } } : {}) }),
    );
  }
  return { image_id: image.id, results };
}
