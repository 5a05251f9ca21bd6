/**
 * The `score` step for COCO detection: ground truth and saved results in, the 12 COCOeval statistics per IoU type
 * out. Everything is read and checked before anything is computed, so bad input fails with one line and no output.
 * The step has no model, so it checks nothing about one: like pycocotools it scores any instances file by category
 * id (names and numbering of its own included) and ignores results of categories the file does not list; each of
 * these is said in one note line.
 */
import { loadCocoGroundTruth } from './annotations.ts';
import { cocoCategoryNames } from './categories.ts';
import { evaluateCoco, type CocoEvaluation, type CocoIouType } from './coco-eval.ts';
import { loadCocoResults, type CocoResult } from './results.ts';
import type { CocoCategory, CocoGroundTruth, CocoImage } from './annotations.ts';

export interface ScoreCocoOptions {
  /** instances_*.json */
  annotationsPath: string;
  /** COCO results JSON */
  resultsPath: string;
  /** 'bbox' for SSD; 'bbox' and 'segm' for Mask R-CNN */
  iouTypes: readonly CocoIouType[];
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
  /** one line each: results of unlisted categories ignored, categories numbered or named otherwise than COCO */
  notes: string[];
}

/** The categories not numbered and named as COCO's (e.g. a set renumbered 1..80, or classes of its own). */
function ownCategories(categories: readonly CocoCategory[]): CocoCategory[] {
  const names = cocoCategoryNames();
  return categories.filter((c) => names[c.id] === undefined || names[c.id] === 'N/A' || (c.name !== '' && c.name !== names[c.id]));
}

export function cocoScoreNotes(gt: CocoGroundTruth, results: readonly CocoResult[]): string[] {
  const notes: string[] = [];
  const unlisted = results.filter((r) => !gt.categoryById.has(r.category_id));
  if (unlisted.length > 0) {
    const ids = [...new Set(unlisted.map((r) => r.category_id))].sort((a, b) => a - b);
    notes.push(
      `${unlisted.length} of ${results.length} results have category ids the annotations do not list (${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}): ignored, as pycocotools' COCOeval evaluates the annotations' categories only`,
    );
  }
  const own = ownCategories(gt.categories);
  if (own.length > 0) {
    const c = own[0]!;
    notes.push(`${own.length} of ${gt.categories.length} categories are not COCO's id and name (first: ${c.id} '${c.name}'): scored by category id, as pycocotools does`);
  }
  return notes;
}

/** scoreCoco with what it read, for the changed-detections list (`subsetImages` cuts a subset of the file's images). */
export function scoreCocoDetailed(o: ScoreCocoOptions & { subsetImages?: (images: readonly CocoImage[]) => readonly CocoImage[] }): CocoScored {
  const gt = loadCocoGroundTruth(o.annotationsPath);
  const results = loadCocoResults(o.resultsPath, gt);
  const imageIds = o.subsetImages ? o.subsetImages(gt.images).map((i) => i.id) : o.imageIds;
  return { gt, results, evaluations: o.iouTypes.map((t) => evaluateCoco(gt, results, t, undefined, imageIds)), notes: cocoScoreNotes(gt, results) };
}
