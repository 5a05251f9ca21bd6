/**
 * COCO results JSON, the format pycocotools' COCO.loadRes reads and the COCO evaluation server takes:
 * `[{image_id, category_id, bbox: [x, y, w, h], score, segmentation?: {size: [h, w], counts: "…"}}]`.
 * Reading checks each entry against the ground truth it is scored with: an unknown image id (pycocotools' loadRes
 * asserts "Results do not correspond to current coco set") and a mask of a size other than its image's are one-line
 * errors. A category id the ground truth does not list is kept and, as in COCOeval (which evaluates the ground
 * truth's categories only), never scored; score-coco.ts says how many there were.
 */
import { readFileSync } from 'node:fs';
import { BenchError, writeFileAtomic } from '@modelbench/core';
import type { CocoGroundTruth } from './annotations.ts';
import { rleEncodeRowMajor, rleFromString, toCompressedRle, type CompressedRle } from './rle.ts';

export interface CocoResult {
  image_id: number;
  category_id: number;
  /** [x, y, w, h] in the original image's pixels; absent only in segmentation-only results */
  bbox?: [number, number, number, number];
  score: number;
  segmentation?: CompressedRle;
}

/**
 * One result from a detection in the image's pixels: a corner box (x1, y1, x2, y2) becomes COCO's [x, y, w, h], and a
 * row-major binary mask of the whole image (height × width) becomes a compressed RLE. categoryId is the COCO id (see
 * categories.ts for models that output 80 contiguous labels).
 */
export function toCocoResult(d: { imageId: number; categoryId: number; box: readonly number[]; score: number; mask?: { data: Uint8Array; height: number; width: number } }): CocoResult {
  const [x1, y1, x2, y2] = d.box as [number, number, number, number];
  const r: CocoResult = { image_id: d.imageId, category_id: d.categoryId, bbox: [x1, y1, x2 - x1, y2 - y1], score: d.score };
  if (d.mask) r.segmentation = toCompressedRle(rleEncodeRowMajor(d.mask.data, d.mask.height, d.mask.width));
  return r;
}

const BELONG_HINT = 'score predictions with the annotations file of the images they were made on';

function bad(source: string, message: string, hint: string): BenchError {
  return new BenchError('BAD_INPUT', `${source}: ${message}`, { hint });
}

/** The results JSON text: one entry a line inside the list, so large files stay diffable and streamable. */
export function formatCocoResults(results: readonly CocoResult[]): string {
  return results.length === 0 ? '[]\n' : `[\n${results.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}

/** Writes the results file atomically (a temp file, then a rename): no partial file on failure. */
export function writeCocoResults(path: string, results: readonly CocoResult[]): void {
  writeFileAtomic(path, formatCocoResults(results));
}

export function loadCocoResults(path: string, gt: CocoGroundTruth): CocoResult[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BenchError('IO', `cannot read the COCO results ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      hint: 'check the predictions path',
    });
  }
  return parseCocoResults(text, gt, path);
}

export function parseCocoResults(text: string, gt: CocoGroundTruth, source = 'results'): CocoResult[] {
  const formatHint = 'predictions must be a COCO results list [{image_id, category_id, bbox, score, segmentation?}, …]';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw bad(source, `malformed JSON (${(e as Error).message})`, formatHint);
  }
  if (!Array.isArray(doc)) throw bad(source, 'is not a COCO results list', formatHint);
  const out = doc.map((v, i) => parseResult(v, i, source, formatHint));
  const withBox = out.filter((r) => r.bbox !== undefined).length;
  if (withBox !== 0 && withBox !== out.length) {
    throw bad(source, `${withBox} of ${out.length} results have a bbox and the others do not`, 'give every result a bbox, or none (masks only)');
  }
  out.forEach((r, i) => checkBelongs(r, i, gt, source));
  return out;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function parseResult(v: unknown, i: number, source: string, hint: string): CocoResult {
  const where = `results[${i}]`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(source, `${where} is not an object`, hint);
  const o = v as Record<string, unknown>;
  for (const key of ['image_id', 'category_id'] as const) {
    if (!Number.isInteger(o[key])) throw bad(source, `${where} '${key}' is ${JSON.stringify(o[key])}, expected an integer id`, hint);
  }
  if (!isFiniteNumber(o.score)) throw bad(source, `${where} 'score' is ${JSON.stringify(o.score)}, expected a number`, hint);
  const r: CocoResult = { image_id: o.image_id as number, category_id: o.category_id as number, score: o.score };
  if (o.bbox !== undefined) {
    const b = o.bbox;
    if (!Array.isArray(b) || b.length !== 4 || !b.every(isFiniteNumber)) throw bad(source, `${where} 'bbox' is ${JSON.stringify(b)}, expected [x, y, width, height]`, hint);
    r.bbox = b as [number, number, number, number];
  }
  if (o.segmentation !== undefined) {
    const s = o.segmentation as Record<string, unknown> | null;
    const size = s?.size;
    if (typeof s !== 'object' || s === null || typeof s.counts !== 'string' || !Array.isArray(size) || size.length !== 2 || !size.every((n) => Number.isInteger(n) && n > 0)) {
      throw bad(source, `${where} 'segmentation' is not a compressed RLE {size: [h, w], counts: "…"}`, 'encode masks with COCO RLE (pycocotools mask.encode) before writing results');
    }
    r.segmentation = { size: [size[0], size[1]] as [number, number], counts: s.counts };
  }
  if (r.bbox === undefined && r.segmentation === undefined) throw bad(source, `${where} has neither a 'bbox' nor a 'segmentation'`, hint);
  return r;
}

function checkBelongs(r: CocoResult, i: number, gt: CocoGroundTruth, source: string): void {
  const img = gt.imageById.get(r.image_id);
  if (!img) throw bad(source, `results[${i}] has image_id ${r.image_id}, which is not an image of ${gt.source}`, BELONG_HINT);
  if (r.segmentation) {
    const [h, w] = r.segmentation.size;
    if (h !== img.height || w !== img.width) {
      throw bad(source, `results[${i}] has a ${h}×${w} mask for image ${img.id}, which is ${img.height}×${img.width}`, 'paste masks into the original image size before encoding them');
    }
    try {
      rleFromString(r.segmentation.counts, h, w);
    } catch (e) {
      throw bad(source, `results[${i}] segmentation: ${(e as Error).message}`, 'encode masks with COCO RLE (pycocotools mask.encode) before writing results');
    }
  }
}
