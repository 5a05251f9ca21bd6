/**
 * Greedy non-maximum suppression with torchvision.ops semantics: visit boxes by decreasing score, keep a box unless a
 * kept box overlaps it with IoU strictly greater than the threshold (IoU equal to the threshold survives). IoU is
 * computed in float32, as torchvision's CPU kernel does for float boxes. Equal scores are visited in index order
 * (a stable sort); torchvision's kernel calls `scores.sort(0, descending)`, whose order among ties PyTorch does not
 * promise, so only exact ties may differ from it.
 */
import { BenchError } from '@modelbench/core';
import { boxCount } from './boxes.ts';

const f = Math.fround;

/** Indices of scores by decreasing score, ties by increasing index. */
export function argsortDescending(scores: ArrayLike<number>): Int32Array {
  const idx = Int32Array.from({ length: scores.length }, (_, i) => i);
  return idx.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}

/** Returns the kept indices, by decreasing score. */
export function nms(boxes: ArrayLike<number>, scores: ArrayLike<number>, iouThreshold: number): number[] {
  const n = boxCount(boxes);
  if (scores.length !== n) throw new BenchError('BAD_INPUT', `nms: ${n} boxes but ${scores.length} scores`);
  const x1 = new Float32Array(n);
  const y1 = new Float32Array(n);
  const x2 = new Float32Array(n);
  const y2 = new Float32Array(n);
  const area = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = boxes[4 * i] as number;
    y1[i] = boxes[4 * i + 1] as number;
    x2[i] = boxes[4 * i + 2] as number;
    y2[i] = boxes[4 * i + 3] as number;
    area[i] = f((x2[i] as number) - (x1[i] as number)) * f((y2[i] as number) - (y1[i] as number));
  }
  const order = argsortDescending(scores);
  const suppressed = new Uint8Array(n);
  const keep: number[] = [];
  for (let a = 0; a < n; a++) {
    const i = order[a] as number;
    if (suppressed[i]) continue;
    keep.push(i);
    const ix1 = x1[i] as number;
    const iy1 = y1[i] as number;
    const ix2 = x2[i] as number;
    const iy2 = y2[i] as number;
    const iarea = area[i] as number;
    for (let b = a + 1; b < n; b++) {
      const j = order[b] as number;
      if (suppressed[j]) continue;
      const w = Math.max(0, f(Math.min(ix2, x2[j] as number) - Math.max(ix1, x1[j] as number)));
      const h = Math.max(0, f(Math.min(iy2, y2[j] as number) - Math.max(iy1, y1[j] as number)));
      const inter = f(w * h);
      const iou = f(inter / f(f(iarea + (area[j] as number)) - inter));
      if (iou > iouThreshold) suppressed[j] = 1;
    }
  }
  return keep;
}

/**
 * NMS applied separately per class, by torchvision's coordinate trick (`batched_nms`): every box is shifted by
 * class · (largest coordinate + 1), so boxes of different classes can never overlap, and one NMS runs over all.
 */
export function batchedNms(
  boxes: ArrayLike<number>,
  scores: ArrayLike<number>,
  classes: ArrayLike<number>,
  iouThreshold: number,
): number[] {
  const n = boxCount(boxes);
  if (classes.length !== n) throw new BenchError('BAD_INPUT', `batchedNms: ${n} boxes but ${classes.length} class ids`);
  if (n === 0) return [];
  let maxCoordinate = -Infinity;
  for (let i = 0; i < boxes.length; i++) maxCoordinate = Math.max(maxCoordinate, boxes[i] as number);
  const step = f(maxCoordinate + 1);
  const shifted = new Float32Array(boxes.length);
  for (let i = 0; i < n; i++) {
    const offset = f(f(classes[i] as number) * step);
    for (let k = 0; k < 4; k++) shifted[4 * i + k] = f((boxes[4 * i + k] as number) + offset);
  }
  return nms(shifted, scores, iouThreshold);
}
