/**
 * The `score` step for COCO detection: ground truth and saved results in, the 12 COCOeval statistics per IoU type
 * out. Everything is read and checked before anything is computed, so bad input fails with one line and no output.
 */
import { loadCocoGroundTruth } from './annotations.ts';
import { checkModelCategories } from './categories.ts';
import { evaluateCoco, type CocoEvaluation, type CocoIouType } from './coco-eval.ts';
import { loadCocoResults, type CocoResult } from './results.ts';
import type { CocoGroundTruth, CocoImage } from './annotations.ts';

export interface ScoreCocoOptions {
  /** instances_*.json */
  annotationsPath: string;
  /** COCO results JSON */
  resultsPath: string;
  /** 'bbox' for SSD; 'bbox' and 'segm' for Mask R-CNN */
  iouTypes: readonly CocoIouType[];
  /** check that a COCO model can produce every category of the annotations (on by default) */
  checkCategories?: boolean;
  /** score these images only (pycocotools' params.imgIds); default every image of the annotations */
  imageIds?: readonly number[];
}

export function scoreCoco(o: ScoreCocoOptions): CocoEvaluation[] {
  return scoreCocoDetailed(o).evaluations;
}

export interface CocoScored {
  gt: CocoGroundTruth;
  results: CocoResult[];
  evaluations: CocoEvaluation[];
}

/** scoreCoco with what it read, for the changed-detections list (`subsetImages` cuts a subset of the file's images). */
export function scoreCocoDetailed(o: ScoreCocoOptions & { subsetImages?: (images: readonly CocoImage[]) => readonly CocoImage[] }): CocoScored {
  const gt = loadCocoGroundTruth(o.annotationsPath);
  if (o.checkCategories !== false) checkModelCategories(gt.categories, o.annotationsPath);
  const results = loadCocoResults(o.resultsPath, gt);
  const imageIds = o.subsetImages ? o.subsetImages(gt.images).map((i) => i.id) : o.imageIds;
  return { gt, results, evaluations: o.iouTypes.map((t) => evaluateCoco(gt, results, t, undefined, imageIds)) };
}
