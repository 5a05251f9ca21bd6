/**
 * COCO's category numbering and the models' label spaces. COCO instances files use the original 1..90 ids with ten
 * gaps (80 categories); torchvision's detection models (ssd300_vgg16, maskrcnn_resnet50_fpn) output those ids
 * directly ("91-space", 0 = background); the ONNX Model Zoo's ssd-12 and MaskRCNN-12 output contiguous labels 1..80
 * ("80-space"), label l being COCO category COCO_80_TO_91[l - 1]. Results files always hold COCO category ids.
 */
import { BenchError } from '@modelbench/core';
import { COCO_80_TO_91, COCO_CLASSES_FILE, cocoCategories91, loadCocoClasses } from '@modelbench/vision';
import type { CocoCategory } from './annotations.ts';

export type CocoLabelSpace = 'coco91' | 'coco80';

const CATEGORY_IDS: ReadonlySet<number> = new Set(COCO_80_TO_91);
const LABEL_OF_CATEGORY: ReadonlyMap<number, number> = new Map(COCO_80_TO_91.map((id, i) => [id, i + 1]));

/** The COCO category id of a model's output label. */
export function categoryIdOfLabel(label: number, space: CocoLabelSpace): number {
  if (space === 'coco80') {
    const id = COCO_80_TO_91[label - 1];
    if (!Number.isInteger(label) || id === undefined) {
      throw new BenchError('INFERENCE_FAILED', `label ${label} is outside the 80 contiguous COCO classes (1..80)`, { hint: 'check that the model is an 80-class COCO detector' });
    }
    return id;
  }
  if (!CATEGORY_IDS.has(label)) {
    throw new BenchError('INFERENCE_FAILED', `label ${label} is not a COCO category id (1..90 without ${[...gapIds()].join(', ')})`, { hint: 'check that the model is a 91-id COCO detector' });
  }
  return label;
}

/** The model label that stands for a COCO category id, or undefined if the model cannot produce it. */
export function labelOfCategoryId(categoryId: number, space: CocoLabelSpace): number | undefined {
  if (!CATEGORY_IDS.has(categoryId)) return undefined;
  return space === 'coco80' ? LABEL_OF_CATEGORY.get(categoryId) : categoryId;
}

function gapIds(): number[] {
  return Array.from({ length: 90 }, (_, i) => i + 1).filter((id) => !CATEGORY_IDS.has(id));
}

let names91: string[] | undefined;

/** COCO category names by id (index = id; gaps 'N/A'), from the project's COCO class list. */
export function cocoCategoryNames(): readonly string[] {
  names91 ??= cocoCategories91(loadCocoClasses(COCO_CLASSES_FILE));
  return names91;
}

/**
 * Checks that a COCO model can produce every category of an annotations file: each id must be a COCO category id
 * and, where the file names it, the name must be COCO's name for that id (a file renumbered 1..80 fails here).
 */
export function checkModelCategories(categories: readonly CocoCategory[], source: string, names: readonly string[] = cocoCategoryNames()): void {
  for (const c of categories) {
    if (!CATEGORY_IDS.has(c.id)) {
      throw new BenchError('BAD_INPUT', `${source}: category ${c.id}${c.name ? ` '${c.name}'` : ''} is not one of the 80 COCO categories the model can produce`, {
        hint: 'use annotations with COCO category ids (1..90 with its gaps) and COCO class names',
      });
    }
    const expected = names[c.id];
    if (c.name && expected !== undefined && c.name !== expected) {
      throw new BenchError('BAD_INPUT', `${source}: category ${c.id} is '${c.name}' but the model's category ${c.id} is '${expected}'`, {
        hint: 'the file numbers its categories differently from COCO; convert it to COCO category ids',
      });
    }
  }
}
