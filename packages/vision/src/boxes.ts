/**
 * Axis-aligned boxes as (x1, y1, x2, y2) in pixels, x2 > x1 and y2 > y1 for a non-empty box; many boxes are a flat
 * array of 4·n numbers. Area and IoU follow torchvision.ops (`box_area`, `box_iou`): no +1 on the sides.
 */
import { BenchError } from '@modelbench/core';

export type Box = readonly [number, number, number, number];

export function boxCount(boxes: ArrayLike<number>): number {
  if (boxes.length % 4 !== 0) throw new BenchError('BAD_INPUT', `box array of length ${boxes.length} is not a multiple of 4`);
  return boxes.length / 4;
}

export function boxAt(boxes: ArrayLike<number>, i: number): Box {
  const o = i * 4;
  return [boxes[o] as number, boxes[o + 1] as number, boxes[o + 2] as number, boxes[o + 3] as number];
}

export function boxArea(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

/** Intersection over union; 0 when the union is empty (torchvision would give NaN). */
export function boxIou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  const inter = w > 0 && h > 0 ? w * h : 0;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** IoU of every box in `a` with every box in `b`: row-major n×m. */
export function boxIouMatrix(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const n = boxCount(a);
  const m = boxCount(b);
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const bi = boxAt(a, i);
    for (let j = 0; j < m; j++) out[i * m + j] = boxIou(bi, boxAt(b, j));
  }
  return out;
}

/** Clamps boxes to [0,width]×[0,height] (torchvision `clip_boxes_to_image`). */
export function clipBoxes(boxes: ArrayLike<number>, width: number, height: number): Float32Array {
  const out = new Float32Array(boxes.length);
  for (let i = 0; i < boxes.length; i += 4) {
    out[i] = Math.min(Math.max(boxes[i] as number, 0), width);
    out[i + 1] = Math.min(Math.max(boxes[i + 1] as number, 0), height);
    out[i + 2] = Math.min(Math.max(boxes[i + 2] as number, 0), width);
    out[i + 3] = Math.min(Math.max(boxes[i + 3] as number, 0), height);
  }
  return out;
}

/** Multiplies x by sx and y by sy, e.g. to map boxes from a resized input back to the original image. */
export function scaleBoxes(boxes: ArrayLike<number>, sx: number, sy: number): Float32Array {
  const out = new Float32Array(boxes.length);
  for (let i = 0; i < boxes.length; i += 4) {
    out[i] = (boxes[i] as number) * sx;
    out[i + 1] = (boxes[i + 1] as number) * sy;
    out[i + 2] = (boxes[i + 2] as number) * sx;
    out[i + 3] = (boxes[i + 3] as number) * sy;
  }
  return out;
}
