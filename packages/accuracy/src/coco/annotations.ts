/**
 * Loads and checks a COCO `instances_*.json` ground-truth file: images, categories (ids may have gaps) and object
 * annotations with a box, an area, an iscrowd flag and a segmentation (polygons, uncompressed RLE or compressed RLE).
 * Every problem is one BAD_INPUT line naming the file, the entry and the fix.
 */
import { readFileSync } from 'node:fs';
import { BenchError } from '@modelbench/core';

export interface CocoImage {
  id: number;
  width: number;
  height: number;
  fileName: string;
}

export interface CocoCategory {
  id: number;
  name: string;
}

/** A segmentation as the file gives it: polygons (one object may have several parts) or an RLE. */
export type CocoSegmentation =
  | { kind: 'polygons'; polygons: number[][] }
  | { kind: 'rle'; size: [number, number]; counts: number[] }
  | { kind: 'compressed'; size: [number, number]; counts: string };

export interface CocoAnnotation {
  id: number;
  imageId: number;
  categoryId: number;
  /** [x, y, w, h] in pixels */
  bbox: [number, number, number, number];
  /** the file's `area` (COCOeval uses it, not a recomputed one, for the area ranges) */
  area: number;
  iscrowd: boolean;
  segmentation: CocoSegmentation | undefined;
}

export interface CocoGroundTruth {
  source: string;
  images: CocoImage[];
  categories: CocoCategory[];
  /** in file order (COCOeval's tie-breaks depend on it) */
  annotations: CocoAnnotation[];
  imageById: Map<number, CocoImage>;
  categoryById: Map<number, CocoCategory>;
}

const INSTANCES_HINT = 'pass a COCO instances file (e.g. annotations/instances_val2017.json) with images, annotations and categories';

function bad(source: string, message: string, hint = INSTANCES_HINT): BenchError {
  return new BenchError('BAD_INPUT', `${source}: ${message}`, { hint });
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function loadCocoGroundTruth(path: string): CocoGroundTruth {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BenchError('IO', `cannot read the COCO annotations ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      hint: 'check the --annotations path',
    });
  }
  return parseCocoGroundTruth(text, path);
}

export function parseCocoGroundTruth(text: string, source = 'annotations'): CocoGroundTruth {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw bad(source, `malformed JSON (${(e as Error).message})`);
  }
  if (!isObject(doc)) throw bad(source, 'is not a COCO annotations object (expected {images, annotations, categories})');
  const kind = fileKind(doc);
  if (kind) throw bad(source, `is a COCO ${kind} file, not an instances (detection) file`);
  for (const key of ['images', 'annotations', 'categories'] as const) {
    if (!Array.isArray(doc[key])) throw bad(source, `has no '${key}' list`);
  }
  const images = (doc.images as unknown[]).map((v, i) => parseImage(v, i, source));
  const categories = (doc.categories as unknown[]).map((v, i) => parseCategory(v, i, source));
  const imageById = uniqueIndex(images, 'image', source);
  const categoryById = uniqueIndex(categories, 'category', source);
  const annotations = (doc.annotations as unknown[]).map((v, i) => parseAnnotation(v, i, source));
  const annIds = new Set<number>();
  annotations.forEach((a, i) => {
    if (annIds.has(a.id)) throw bad(source, `annotations[${i}] repeats annotation id ${a.id}`, 'give every annotation a unique id');
    annIds.add(a.id);
    if (!imageById.has(a.imageId)) throw bad(source, `annotations[${i}] (id ${a.id}) refers to image_id ${a.imageId}, which is not in 'images'`);
    if (!categoryById.has(a.categoryId)) {
      throw bad(source, `annotations[${i}] (id ${a.id}) has category_id ${a.categoryId}, which is not in 'categories'`);
    }
  });
  return { source, images, categories, annotations, imageById, categoryById };
}

/** Recognises the other COCO annotation kinds (captions, person keypoints, panoptic), which look alike at the top. */
function fileKind(doc: Json): string | undefined {
  const anns = Array.isArray(doc.annotations) ? doc.annotations : [];
  const first = anns.find(isObject);
  if (first && 'caption' in first) return 'captions';
  if (first && 'segments_info' in first) return 'panoptic';
  const cats = Array.isArray(doc.categories) ? doc.categories : [];
  if ((first && 'keypoints' in first) || cats.some((c) => isObject(c) && 'keypoints' in c)) return 'person keypoints';
  return undefined;
}

function uniqueIndex<T extends { id: number }>(items: T[], what: string, source: string): Map<number, T> {
  const m = new Map<number, T>();
  items.forEach((it, i) => {
    if (m.has(it.id)) throw bad(source, `${what}s[${i}] repeats ${what} id ${it.id}`, `give every ${what} a unique id`);
    m.set(it.id, it);
  });
  return m;
}

function field(o: Json, key: string, where: string, source: string): unknown {
  if (!(key in o)) throw bad(source, `${where} has no '${key}'`);
  return o[key];
}

function intField(o: Json, key: string, where: string, source: string, min = -Infinity): number {
  const v = field(o, key, where, source);
  if (!Number.isInteger(v) || (v as number) < min) throw bad(source, `${where} '${key}' is ${JSON.stringify(v)}, expected an integer${min > -Infinity ? ` ≥ ${min}` : ''}`);
  return v as number;
}

function parseImage(v: unknown, i: number, source: string): CocoImage {
  const where = `images[${i}]`;
  if (!isObject(v)) throw bad(source, `${where} is not an object`);
  const fileName = v.file_name;
  return {
    id: intField(v, 'id', where, source),
    width: intField(v, 'width', where, source, 1),
    height: intField(v, 'height', where, source, 1),
    fileName: typeof fileName === 'string' ? fileName : '',
  };
}

function parseCategory(v: unknown, i: number, source: string): CocoCategory {
  const where = `categories[${i}]`;
  if (!isObject(v)) throw bad(source, `${where} is not an object`);
  const name = v.name;
  return { id: intField(v, 'id', where, source), name: typeof name === 'string' ? name : '' };
}

function parseAnnotation(v: unknown, i: number, source: string): CocoAnnotation {
  if (!isObject(v)) throw bad(source, `annotations[${i}] is not an object`);
  const where = `annotations[${i}]${Number.isInteger(v.id) ? ` (id ${v.id})` : ''}`;
  const bbox = field(v, 'bbox', where, source);
  if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every(isFiniteNumber)) {
    throw bad(source, `${where} 'bbox' is ${JSON.stringify(bbox)}, expected [x, y, width, height]`);
  }
  const area = field(v, 'area', where, source);
  if (!isFiniteNumber(area)) throw bad(source, `${where} 'area' is ${JSON.stringify(area)}, expected a number`);
  const crowd = field(v, 'iscrowd', where, source);
  if (crowd !== 0 && crowd !== 1 && crowd !== true && crowd !== false) throw bad(source, `${where} 'iscrowd' is ${JSON.stringify(crowd)}, expected 0 or 1`);
  return {
    id: intField(v, 'id', where, source),
    imageId: intField(v, 'image_id', where, source),
    categoryId: intField(v, 'category_id', where, source),
    bbox: bbox as [number, number, number, number],
    area,
    iscrowd: crowd === 1 || crowd === true,
    segmentation: v.segmentation === undefined ? undefined : parseSegmentation(v.segmentation, where, source),
  };
}

export function parseSegmentation(s: unknown, where: string, source: string): CocoSegmentation {
  if (Array.isArray(s)) {
    // lengths are checked only where masks are needed (segm), so a set with a degenerate polygon still scores bbox
    if (!s.every((p) => Array.isArray(p) && p.every(isFiniteNumber))) {
      throw bad(source, `${where} 'segmentation' is not a list of polygons [[x0, y0, x1, y1, …], …]`);
    }
    return { kind: 'polygons', polygons: s as number[][] };
  }
  if (isObject(s)) {
    const size = s.size;
    if (!Array.isArray(size) || size.length !== 2 || !size.every((n) => Number.isInteger(n) && n > 0)) {
      throw bad(source, `${where} 'segmentation.size' is ${JSON.stringify(size)}, expected [height, width]`);
    }
    const hw = size as [number, number];
    if (typeof s.counts === 'string') return { kind: 'compressed', size: hw, counts: s.counts };
    if (Array.isArray(s.counts) && s.counts.every((n) => Number.isInteger(n) && n >= 0)) return { kind: 'rle', size: hw, counts: s.counts as number[] };
    throw bad(source, `${where} 'segmentation.counts' is neither an RLE string nor a list of run lengths`);
  }
  throw bad(source, `${where} 'segmentation' is ${JSON.stringify(s)}, expected polygons or an RLE {size, counts}`);
}
