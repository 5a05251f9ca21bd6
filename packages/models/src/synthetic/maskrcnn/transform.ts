/**
 * GeneralizedRCNNTransform in the graph: normalise with torchvision's mean/std, resize so the shorter side is 800 and
 * the longer at most 1333 (bilinear, align_corners=False), zero-pad to a multiple of 32; and, at the end, the box
 * rescaling of `transform.postprocess`.
 *
 * Size rule, exactly as torchvision 0.14 eager: scale = min(800 / min(h, w), 1333 / max(h, w)) in float32, then
 * interpolate(recompute_scale_factor=True) takes floor(size * scale) in double precision. So 480×640 becomes 799×1066
 * (float32 800/480 is a hair under 5/3), while 800×800 stays 800×800.
 */
import { attr } from '@modelbench/onnx';
import type { Sym } from '../layers.ts';
import { MASKRCNN_CONFIG as C } from './config.ts';
import type { GraphOps } from './graph-ops.ts';

export interface TransformedImage {
  /** normalised, resized, padded image [1, 3, Hp, Wp]; the Sym's shape is the nominal one used for MAC counts */
  batched: Sym;
  /** int64 [2]: (h, w) after resizing, before padding — torchvision's `image_sizes` */
  resizedHw: string;
  /** float32 [4]: (w, h, w, h) after resizing, the clip bounds for boxes */
  clipUpperXyxy: string;
  /** int64 [2]: (H, W) of the input */
  originalHw: string;
  /** int64 [2]: (Hp, Wp) after padding */
  paddedHw: string;
}

/** The resize arithmetic of torchvision 0.14, in plain numbers (for tests and for callers that need the size). */
export function torchvisionResizedSize(height: number, width: number): { height: number; width: number } {
  const scale = Math.fround(Math.min(Math.fround(C.minSize / Math.min(height, width)), Math.fround(C.maxSize / Math.max(height, width))));
  return { height: Math.floor(height * scale), width: Math.floor(width * scale) };
}

export function transformImage(o: GraphOps, images: string, nominalPaddedSize: number): TransformedImage {
  const mean = o.f32(C.imageMean, [3, 1, 1]);
  const std = o.f32(C.imageStd, [3, 1, 1]);
  const normalized = o.div(o.sub(images, mean), std);

  const originalHw = o.shape(images, 1, 3);
  const hwFloat = o.cast(originalHw, 'FLOAT');
  const scale = o.min(o.div(o.f32(C.minSize), o.reduceMin(hwFloat)), o.div(o.f32(C.maxSize), o.reduceMax(hwFloat)));
  const resizedHw = o.cast(o.op('Floor', [o.mul(o.castDouble(originalHw), o.castDouble(scale))]), 'INT64');

  const resized = o.op('Resize', [o.unsqueeze(normalized, [0]), '', '', o.concat([o.i64([1, 3]), resizedHw], 0)], {
    mode: attr.string('linear'),
    coordinate_transformation_mode: attr.string('half_pixel'),
  });

  const divisible = o.i64(C.sizeDivisible);
  const paddedHw = o.mul(o.div(o.add(resizedHw, o.i64(C.sizeDivisible - 1)), divisible), divisible);
  const padAmount = o.sub(paddedHw, resizedHw);
  const pads = o.concat([o.i64([0, 0, 0, 0, 0, 0]), padAmount], 0);
  const padded = o.op('Pad', [resized, pads], { mode: attr.string('constant') });

  const resizedFloat = o.cast(resizedHw, 'FLOAT');
  const wh = o.concat([o.slice(resizedFloat, 0, 1, 2), o.slice(resizedFloat, 0, 0, 1)], 0);
  const clipUpperXyxy = o.concat([wh, wh], 0);
  return { batched: { name: padded, shape: [3, nominalPaddedSize, nominalPaddedSize] }, resizedHw, clipUpperXyxy, originalHw, paddedHw };
}

/**
 * transform.postprocess's resize_boxes: boxes [n, 4] from the resized image back to the original one, with float32
 * ratios original / resized per axis.
 */
export function boxesToOriginal(o: GraphOps, boxes: string, t: TransformedImage): string {
  const ratioHw = o.div(o.cast(t.originalHw, 'FLOAT'), o.cast(t.resizedHw, 'FLOAT'));
  const ratioWh = o.concat([o.slice(ratioHw, 0, 1, 2), o.slice(ratioHw, 0, 0, 1)], 0);
  return o.mul(boxes, o.concat([ratioWh, ratioWh], 0));
}
