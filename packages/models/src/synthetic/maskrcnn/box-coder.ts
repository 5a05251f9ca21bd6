/**
 * torchvision BoxCoder.decode and the box_ops helpers used at inference, over [..., 4] tensors (x1, y1, x2, y2):
 * widths = x2 - x1 (no +1), dw/dh clamped at log(1000/16), corners = centre ∓ 0.5·size.
 */
import { MASKRCNN_CONFIG as C } from './config.ts';
import type { GraphOps } from './graph-ops.ts';

/** Decodes `deltas` (dx, dy, dw, dh) against reference `boxes`; both [..., 4] and broadcastable. */
export function decodeBoxes(o: GraphOps, deltas: string, boxes: string, weights: readonly [number, number, number, number]): string {
  const last = -1;
  const xy1 = o.slice(boxes, last, 0, 2);
  const size = o.sub(o.slice(boxes, last, 2, 4), xy1);
  const centre = o.add(xy1, o.mul(size, o.f32(0.5)));
  const dxy = o.div(o.slice(deltas, last, 0, 2), o.f32([weights[0], weights[1]]));
  const dwh = o.min(o.div(o.slice(deltas, last, 2, 4), o.f32([weights[2], weights[3]])), o.f32(C.bboxXformClip));
  const predCentre = o.add(o.mul(dxy, size), centre);
  const halfSize = o.mul(o.mul(o.op('Exp', [dwh]), size), o.f32(0.5));
  return o.concat([o.sub(predCentre, halfSize), o.add(predCentre, halfSize)], last);
}

/** clip_boxes_to_image: x to [0, w], y to [0, h]; `upperXyxy` is float32 [4] = (w, h, w, h). */
export function clipBoxes(o: GraphOps, boxes: string, upperXyxy: string): string {
  return o.max(o.min(boxes, upperXyxy), o.f32(0));
}

/** remove_small_boxes as a boolean mask: width >= minSize and height >= minSize. */
export function largeEnough(o: GraphOps, boxes: string, minSize: number): string {
  const size = o.sub(o.slice(boxes, -1, 2, 4), o.slice(boxes, -1, 0, 2));
  const ok = o.greaterOrEqual(size, o.f32(minSize));
  return o.and(o.squeeze(o.slice(ok, -1, 0, 1), [-1]), o.squeeze(o.slice(ok, -1, 1, 2), [-1]));
}

/**
 * batched_nms by torchvision's coordinate trick: boxes of different groups are moved apart by
 * group · (max coordinate + 1), so one NonMaxSuppression never compares boxes of different groups.
 * Returns the kept indices (int64 [k]) in decreasing score order — what batched_nms returns — at most `maxKeep`.
 * Boxes with score <= `scoreThreshold` never enter (torchvision filters them before NMS).
 */
export function batchedNms(
  o: GraphOps,
  boxes: string,
  scores: string,
  groups: string,
  iouThreshold: number,
  maxKeep: number,
  scoreThreshold?: number,
): string {
  const offsets = o.mul(groups, o.add(o.reduceMax(boxes), o.f32(1)));
  const shifted = o.add(boxes, o.unsqueeze(offsets, [1]));
  const inputs = [o.unsqueeze(shifted, [0]), o.unsqueeze(scores, [0, 1]), o.i64([maxKeep]), o.f32([iouThreshold])];
  if (scoreThreshold !== undefined) inputs.push(o.f32([scoreThreshold]));
  const selected = o.op('NonMaxSuppression', inputs);
  return o.reshape(o.slice(selected, 1, 2, 3), [-1]);
}
