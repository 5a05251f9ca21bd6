/**
 * paste_masks_in_image, vectorised. torchvision pads each 28×28 mask by one pixel (30×30), grows its box by 30/28
 * about the centre, truncates the box to integers (b0, b1), bilinearly resizes the mask to (b1 - b0 + 1) pixels per
 * axis (align_corners=False: src = max((j + 0.5)·30/size - 0.5, 0)) and copies it into a zero image at (b0, b1),
 * clipped to the image — one small loop per detection.
 *
 * That resize-and-place is separable: per detection and axis it is a [pixels × 30] matrix A whose row for pixel p
 * holds the two bilinear weights of p - b0 when b0 <= p <= b1, and zeros elsewhere. The pasted mask is then
 * A_y · M · A_xᵀ — two batched MatMuls over all detections, no loop, the same numbers up to float rounding order.
 */
import { attr } from '@modelbench/onnx';
import { MASKRCNN_CONFIG as C } from './config.ts';
import type { GraphOps } from './graph-ops.ts';

/**
 * One axis's interpolation matrices [n, pixels, S] for boxes' integer bounds `lo`, `hi` (int64 [n, 1]) on an image
 * axis of `pixels` (int64 scalar) for a padded mask of side S.
 */
function axisWeights(o: GraphOps, lo: string, hi: string, pixels: string, side: number): string {
  const coords = o.unsqueeze(o.op('Range', [o.i64(0), pixels, o.i64(1)]), [0]);
  const offset = o.sub(coords, lo);
  const inside = o.cast(o.and(o.greaterOrEqual(offset, o.i64(0)), o.lessOrEqual(coords, hi)), 'FLOAT');
  const size = o.max(o.add(o.sub(hi, lo), o.i64(1)), o.i64(1));
  const scale = o.div(o.f32(side), o.cast(size, 'FLOAT'));
  const src = o.max(o.sub(o.mul(scale, o.add(o.cast(offset, 'FLOAT'), o.f32(0.5))), o.f32(0.5)), o.f32(0));
  const floor = o.op('Floor', [src]);
  const lambda = o.sub(src, floor);
  const first = o.cast(floor, 'INT64');
  const second = o.min(o.add(first, o.i64(1)), o.i64(side - 1));
  const columns = o.i64(Array.from({ length: side }, (_, i) => i));
  const oneHot = (index: string): string => o.cast(o.op('Equal', [o.unsqueeze(index, [2]), columns]), 'FLOAT');
  const w0 = o.unsqueeze(o.mul(o.sub(o.f32(1), lambda), inside), [2]);
  const w1 = o.unsqueeze(o.mul(lambda, inside), [2]);
  return o.add(o.mul(oneHot(first), w0), o.mul(oneHot(second), w1));
}

/**
 * masks [n, 1, M, M] probabilities, boxes [n, 4] in the original image, imageHw int64 [2] → [n, 1, H, W].
 */
export function pasteMasks(o: GraphOps, masks: string, boxes: string, imageHw: string, maskSide = 28): string {
  const pad = C.pastePadding;
  const side = maskSide + 2 * pad;
  const padded = o.op('Pad', [masks, o.i64([0, 0, pad, pad, 0, 0, pad, pad])], { mode: attr.string('constant') });

  const xy1 = o.slice(boxes, 1, 0, 2);
  const xy2 = o.slice(boxes, 1, 2, 4);
  const half = o.mul(o.mul(o.sub(xy2, xy1), o.f32(0.5)), o.f32(Math.fround(side / maskSide)));
  const centre = o.mul(o.add(xy2, xy1), o.f32(0.5));
  const lo = o.cast(o.sub(centre, half), 'INT64');
  const hi = o.cast(o.add(centre, half), 'INT64');

  const height = o.squeeze(o.slice(imageHw, 0, 0, 1), [0]);
  const width = o.squeeze(o.slice(imageHw, 0, 1, 2), [0]);
  const ay = axisWeights(o, o.slice(lo, 1, 1, 2), o.slice(hi, 1, 1, 2), height, side);
  const ax = axisWeights(o, o.slice(lo, 1, 0, 1), o.slice(hi, 1, 0, 1), width, side);
  // [n, 1, H, S] · [n, 1, S, S] · [n, 1, S, W]: the result is already [n, 1, H, W], so nothing copies it again.
  const rows = o.op('MatMul', [o.unsqueeze(ay, [1]), padded]);
  return o.op('MatMul', [rows, o.unsqueeze(o.transpose(ax, [0, 2, 1]), [1])]);
}
