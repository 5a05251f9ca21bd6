/**
 * A tiny COCO-style set with masks for the accuracy tests, drawn rather than photographed because the small
 * signature model's masks follow the pixels' brightness (mask 0, the dog: r + g + b > 1.5; mask 1, the person: the
 * rest): black PNGs with one white rectangle x 4..29, y 6..19 (26 × 14 = 364 px), image 1 64×48 and image 2 80×60.
 * The model's boxes are fixed: dog [4,6,30,28], person [20,12,60,44] (x1 y1 x2 y2). Ground truth, placed by hand,
 * with exact masks as uncompressed RLE:
 * - every image: a dog with box [4,6,26,22] (the model's exactly) and the mask of that whole box, 572 px (mask IoU
 *   364 / 572 = 0.636 with the model's white-rectangle mask); a person with box [20,12,40,32] (exact) and the mask of
 *   every dark pixel (the model's person mask exactly, IoU 1); area 572 (small) and 1280 (medium);
 * - image 2 also a dog [50,40,20,16] (small) that no detection covers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

export const WHITE = { x0: 4, x1: 30, y0: 6, y1: 20 };

export interface CocoSetJson {
  images: { id: number; width: number; height: number; file_name: string }[];
  annotations: Record<string, unknown>[];
  categories: { id: number; name: string }[];
}

const inRect = (r: { x0: number; x1: number; y0: number; y1: number }) => (x: number, y: number): boolean => x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1;

/** COCO's uncompressed RLE: run lengths over the pixels in column-major order, starting with a run of 0s. */
export function rleOf(width: number, height: number, inside: (x: number, y: number) => boolean): { size: [number, number]; counts: number[] } {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = inside(x, y) ? 1 : 0;
      if (v !== current) {
        counts.push(run);
        current = v;
        run = 0;
      }
      run++;
    }
  }
  counts.push(run);
  return { size: [height, width], counts };
}

export function instances(): CocoSetJson {
  const images = [
    { id: 1, width: 64, height: 48, file_name: 'a.png' },
    { id: 2, width: 80, height: 60, file_name: 'b.png' },
  ];
  const annotations: Record<string, unknown>[] = [];
  const add = (imageId: number, categoryId: number, bbox: number[], area: number, inside: (x: number, y: number) => boolean): void => {
    const img = images.find((i) => i.id === imageId)!;
    annotations.push({ id: annotations.length + 1, image_id: imageId, category_id: categoryId, bbox, area, iscrowd: 0, segmentation: rleOf(img.width, img.height, inside) });
  };
  const dark = (x: number, y: number): boolean => !inRect(WHITE)(x, y);
  for (const { id } of images) {
    add(id, 18, [4, 6, 26, 22], 572, inRect({ x0: 4, x1: 30, y0: 6, y1: 28 }));
    add(id, 1, [20, 12, 40, 32], 1280, dark);
  }
  add(2, 18, [50, 40, 20, 16], 320, inRect({ x0: 50, x1: 70, y0: 40, y1: 56 }));
  return { images, annotations, categories: [{ id: 1, name: 'person' }, { id: 18, name: 'dog' }] };
}

/** Writes the set into `dir` (annotations/ and val2017/); returns the annotations path. */
export async function writeCocoSet(dir: string, json: CocoSetJson = instances()): Promise<string> {
  mkdirSync(join(dir, 'annotations'), { recursive: true });
  mkdirSync(join(dir, 'val2017'), { recursive: true });
  for (const img of json.images) {
    const pixels = Buffer.alloc(img.width * img.height * 3);
    for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) if (inRect(WHITE)(x, y)) pixels.fill(255, 3 * (y * img.width + x), 3 * (y * img.width + x) + 3);
    await sharp(pixels, { raw: { width: img.width, height: img.height, channels: 3 } }).png().toFile(join(dir, 'val2017', img.file_name));
  }
  const path = join(dir, 'annotations', 'instances_val2017.json');
  writeFileSync(path, JSON.stringify(json));
  return path;
}

/** The 12 statistics of one IoU type as printed (`segm AP   59.950   59.950`): name → the values of each column. */
export function printedStats(stdout: string, iouType: 'bbox' | 'segm'): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const m of stdout.matchAll(new RegExp(`^${iouType} (\\w+)((?:\\s+-?\\d+\\.\\d+)+)$`, 'gm'))) out[m[1]!] = m[2]!.trim().split(/\s+/).map(Number);
  return out;
}
