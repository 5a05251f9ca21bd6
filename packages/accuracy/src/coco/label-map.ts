/**
 * How a detector's output labels become the category ids of the annotations it is scored against.
 *
 * - `coco91` (default): torchvision's detection label space, 91 classes — 0 `__background__`, then COCO's original
 *   ids 1..90, ten of which (12, 26, 29, 30, 45, 66, 68, 69, 71, 83) are torchvision's unused "N/A" classes. A label
 *   IS its category id; an N/A label (or 0) names no category of a COCO instances file, so its detections match no
 *   ground truth — dropped here exactly as pycocotools' COCOeval ignores results of categories not in the ground truth
 *   (p.catIds). Random-weight or fine-tuned exports emit N/A labels freely (58 of 100 detections of a random Mask
 *   R-CNN carry 71). A label above 90 cannot come from a 91-class model: one line, asking for --category-map.
 * - `coco80`: contiguous labels 1..80 (the Model Zoo's ssd-12 / MaskRCNN-12, Detectron-style exports): label l is
 *   COCO category COCO_80_TO_91[l - 1].
 * - a file (`--category-map FILE`), JSON in one of two forms:
 *   `{"1": 1, "2": 2, "3": null, …}` — label → category id of the annotations (null: the label names no category);
 *   `["__background__", "person", "N/A", …]` — index = label, matched by name to the annotations' category names
 *   (torchvision's `weights.meta["categories"]` dumped with json.dump); a name the annotations do not have, like
 *   "N/A" or "__background__", names no category. A label the map does not cover is one line naming it.
 * Detections whose label names no category the annotations evaluate are dropped (image-record.ts), after the score
 * threshold and the per-image cut, so they take a place in the best N as they do in torchvision's evaluation.
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';
import { COCO_80_TO_91 } from '@modelbench/vision';
import type { CocoCategory } from './annotations.ts';

export interface CocoLabelMap {
  /** 'coco91', 'coco80', or the map file's path */
  name: string;
  /** the category id of a model label; null when the label names no category (N/A, background, unmapped by name) */
  categoryOf(label: number): number | null;
}

export const COCO91_LABEL_MAP: CocoLabelMap = {
  name: 'coco91',
  categoryOf(label) {
    if (!Number.isInteger(label) || label < 0 || label > 90) {
      throw new BenchError('INFERENCE_FAILED', `label ${label} is outside torchvision's 91-class COCO label space (0..90)`, {
        hint: "the model is not a 91-class COCO detector: pass --category-map FILE mapping its labels to the annotations' category ids",
      });
    }
    return label;
  },
};

export const COCO80_LABEL_MAP: CocoLabelMap = {
  name: 'coco80',
  categoryOf(label) {
    const id = Number.isInteger(label) ? COCO_80_TO_91[label - 1] : undefined;
    if (id === undefined) {
      throw new BenchError('INFERENCE_FAILED', `label ${label} is outside the 80 contiguous COCO classes (1..80)`, {
        hint: "the model is not an 80-class COCO detector: pass --category-map FILE mapping its labels to the annotations' category ids",
      });
    }
    return id;
  },
};

function bad(path: string, what: string): BenchError {
  return new BenchError('BAD_INPUT', `category map ${path}: ${what}`, {
    hint: 'write {"label": category_id | null, …} or a JSON list of category names, index = label (torchvision weights.meta["categories"])',
  });
}

function fromTable(name: string, table: ReadonlyMap<number, number | null>): CocoLabelMap {
  return {
    name,
    categoryOf(label) {
      const id = table.get(label);
      if (id === undefined) {
        throw new BenchError('INFERENCE_FAILED', `label ${label} is not in the category map ${name}`, { hint: 'add the label to the map (null when it names no category)' });
      }
      return id;
    },
  };
}

/** Parses a category map (JSON text) against the annotations' categories. */
export function parseCategoryMap(text: string, path: string, categories: readonly CocoCategory[]): CocoLabelMap {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw bad(path, `not JSON (${(e as Error).message})`);
  }
  const table = new Map<number, number | null>();
  if (Array.isArray(doc)) {
    if (!doc.every((n) => typeof n === 'string')) throw bad(path, 'a list must hold category names (strings), index = label');
    const byName = new Map<string, number>();
    for (const c of categories) if (c.name && !byName.has(c.name)) byName.set(c.name, c.id);
    (doc as string[]).forEach((n, label) => table.set(label, byName.get(n) ?? null));
    if (![...table.values()].some((v) => v !== null)) throw bad(path, 'none of its names is a category name of the annotations');
    return fromTable(path, table);
  }
  if (typeof doc !== 'object' || doc === null) throw bad(path, 'expected a JSON object or list');
  const known = new Set(categories.map((c) => c.id));
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (!/^\d+$/.test(k)) throw bad(path, `key ${JSON.stringify(k)} is not a label (a whole number ≥ 0)`);
    if (v !== null && !Number.isInteger(v)) throw bad(path, `label ${k} maps to ${JSON.stringify(v)}, expected a category id or null`);
    if (v !== null && !known.has(v as number)) throw bad(path, `label ${k} maps to category ${String(v)}, which is not a category of the annotations`);
    table.set(Number(k), v as number | null);
  }
  if (table.size === 0) throw bad(path, 'maps no label');
  return fromTable(path, table);
}

export function loadCategoryMap(path: string, categories: readonly CocoCategory[]): CocoLabelMap {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BenchError('BAD_INPUT', `category map ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`, { hint: 'check the --category-map path' });
  }
  return parseCategoryMap(text, path, categories);
}

/** `--category-map coco91 | coco80 | FILE` (absent: coco91, torchvision's label space; Zoo adapters map their 1..80 themselves). */
export function categoryMapFor(value: string | undefined, categories: readonly CocoCategory[]): CocoLabelMap {
  if (value === undefined || value === 'coco91') return COCO91_LABEL_MAP;
  if (value === 'coco80') return COCO80_LABEL_MAP;
  return loadCategoryMap(value, categories);
}

/** True when `--category-map` names a file (not one of the built-in spaces). */
export function isCategoryMapFile(value: string | undefined): value is string {
  return value !== undefined && value !== 'coco91' && value !== 'coco80';
}

/**
 * The Model Zoo adapters turn their 1..80 labels into COCO ids themselves, so a map on top would map twice: refused
 * with one line, before any sample runs.
 */
export function checkLabelMapForLayout(labelMap: CocoLabelMap, layout: string, adapter: string): void {
  if (layout === 'zoo' && labelMap !== COCO91_LABEL_MAP) {
    throw new BenchError('USAGE', `--category-map ${labelMap.name} with a Model Zoo export (${adapter}), whose 80 labels the adapter already maps to COCO ids`, {
      hint: 'drop --category-map for Zoo exports; it is for torchvision-layout exports with their own label numbering',
    });
  }
}
