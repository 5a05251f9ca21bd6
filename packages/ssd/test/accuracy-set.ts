/**
 * A tiny COCO-style set for the accuracy tests: the COCO demo photo, dog.jpg and person.jpg resized to 64×48 PNGs in
 * DIR/val2017/, and DIR/annotations/instances_val2017.json with boxes placed by hand against the small signature
 * models' fixed boxes (dog [4,6,30,28], person [10,12,40,36], x1 y1 x2 y2):
 * - every image: a dog of [4,6,26,14] (x y w h: box IoU 364 / 572 = 0.636 with the model's dog, so a match at the IoU
 *   thresholds 0.50, 0.55, 0.60 only) and a person of [10,12,30,24] (the model's person exactly);
 * - image 3 also a person of [40,30,20,16] that no model box covers.
 * All ground truth is small (area < 32²).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { root } from './cli.ts';

export const PHOTOS = ['../shared/data/coco/demo.jpg', '../shared/data/images/dog.jpg', '../shared/data/images/person.jpg'];

export interface CocoSetJson {
  images: { id: number; width: number; height: number; file_name: string }[];
  annotations: Record<string, unknown>[];
  categories: { id: number; name: string }[];
}

function annotation(id: number, imageId: number, categoryId: number, bbox: [number, number, number, number]): Record<string, unknown> {
  const [x, y, w, h] = bbox;
  return { id, image_id: imageId, category_id: categoryId, bbox, area: w * h, iscrowd: 0, segmentation: [[x, y, x + w, y, x + w, y + h, x, y + h]] };
}

export function instances(): CocoSetJson {
  const images = [1, 2, 3].map((id) => ({ id, width: 64, height: 48, file_name: `${String(id).padStart(12, '0')}.png` }));
  const annotations = [
    annotation(1, 1, 18, [4, 6, 26, 14]),
    annotation(2, 1, 1, [10, 12, 30, 24]),
    annotation(3, 2, 18, [4, 6, 26, 14]),
    annotation(4, 2, 1, [10, 12, 30, 24]),
    annotation(5, 3, 18, [4, 6, 26, 14]),
    annotation(6, 3, 1, [10, 12, 30, 24]),
    annotation(7, 3, 1, [40, 30, 20, 16]),
  ];
  return { images, annotations, categories: [{ id: 1, name: 'person' }, { id: 18, name: 'dog' }] };
}

/** Writes the set into `dir` (annotations/ and val2017/); returns the annotations path. */
export async function writeCocoSet(dir: string, json: CocoSetJson = instances()): Promise<string> {
  mkdirSync(join(dir, 'annotations'), { recursive: true });
  mkdirSync(join(dir, 'val2017'), { recursive: true });
  for (const [i, img] of json.images.entries()) {
    await sharp(join(root, PHOTOS[i % PHOTOS.length]!)).resize(img.width, img.height, { fit: 'fill' }).png().toFile(join(dir, 'val2017', img.file_name));
  }
  const path = join(dir, 'annotations', 'instances_val2017.json');
  writeFileSync(path, JSON.stringify(json));
  return path;
}

/** The 12 statistics of one IoU type as printed (`bbox AP   52.624   52.624`): name → the values of each column. */
export function printedStats(stdout: string, iouType: 'bbox' | 'segm'): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const m of stdout.matchAll(new RegExp(`^${iouType} (\\w+)((?:\\s+-?\\d+\\.\\d+)+)$`, 'gm'))) out[m[1]!] = m[2]!.trim().split(/\s+/).map(Number);
  return out;
}
