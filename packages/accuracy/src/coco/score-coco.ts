/**
 * The `score` step for COCO detection: ground truth and saved results in, the 12 COCOeval statistics per IoU type
 * out. Everything is read and checked before anything is computed, so bad input fails with one line and no output.
 */
import { loadCocoGroundTruth } from './annotations.ts';
import { checkModelCategories } from './categories.ts';
import { evaluateCoco, type CocoEvaluation, type CocoIouType } from './coco-eval.ts';
import { loadCocoResults } from './results.ts';

export interface ScoreCocoOptions {
  /** instances_*.json */
  annotationsPath: string;
  /** COCO results JSON */
  resultsPath: string;
  /** 'bbox' for SSD; 'bbox' and 'segm' for Mask R-CNN */
  iouTypes: readonly CocoIouType[];
  /** check that a COCO model can produce every category of the annotations (on by default) */
  checkCategories?: boolean;
}

export function scoreCoco(o: ScoreCocoOptions): CocoEvaluation[] {
  const gt = loadCocoGroundTruth(o.annotationsPath);
  if (o.checkCategories !== false) checkModelCategories(gt.categories, o.annotationsPath);
  const results = loadCocoResults(o.resultsPath, gt);
  return o.iouTypes.map((t) => evaluateCoco(gt, results, t));
}
