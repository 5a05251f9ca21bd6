/**
 * torchvision MultiScaleRoIAlign over P2..P5 (scales 1/4..1/32): LevelMapper picks
 * floor(4 + log2(sqrt(area) / 224) + 1e-6) clamped to [2, 5]; each level's boxes go through
 * roi_align(aligned=False) — onnxruntime's RoiAlign with coordinate_transformation_mode 'output_half_pixel'.
 *
 * torchvision scatters each level's result back into the boxes' order; here the boxes are instead regrouped by level
 * (stable within a level) and the caller gets that order with the features, so nothing is copied back. Downstream
 * everything is per box, and the outputs are sorted by score, so only exact score ties could order differently.
 */
import { attr } from '@modelbench/onnx';
import { MASKRCNN_CONFIG as C } from './config.ts';
import type { GraphOps } from './graph-ops.ts';

export interface PooledRois {
  /** [k_l, 256, S, S] per pyramid level P2..P5; concatenated they are the pooled features of all k boxes */
  perLevel: string[];
  /** the boxes [k, 4] in the order of the concatenated features */
  boxes: string;
  /** int64 [k]: for each output row, the index of its box in the input */
  order: string;
}

/** LevelMapper: the 0-based pyramid level (0 = P2) of each box [k, 4], int64 [k]. */
export function roiLevels(o: GraphOps, boxes: string): string {
  const size = o.sub(o.slice(boxes, 1, 2, 4), o.slice(boxes, 1, 0, 2));
  const area = o.mul(o.slice(size, 1, 0, 1), o.slice(size, 1, 1, 2));
  const s = o.reshape(o.op('Sqrt', [area]), [-1]);
  const log2 = o.div(o.op('Log', [o.div(s, o.f32(C.canonicalScale))]), o.f32(Math.LN2));
  const level = o.op('Floor', [o.add(o.add(o.f32(C.canonicalLevel), log2), o.f32(C.levelMapperEps))]);
  const clamped = o.op('Clip', [level, o.f32(2), o.f32(5)]);
  return o.cast(o.sub(clamped, o.f32(2)), 'INT64');
}

export function multiScaleRoiAlign(o: GraphOps, pyramid: readonly string[], boxes: string, outputSize: number): PooledRois {
  const levels = roiLevels(o, boxes);
  const features: string[] = [];
  const orders: string[] = [];
  pyramid.forEach((feature, level) => {
    const index = o.nonZero1d(o.op('Equal', [levels, o.i64(level)]));
    const rois = o.gather(boxes, index);
    const batchIndex = o.mul(index, o.i64(0));
    features.push(
      o.op('RoiAlign', [feature, rois, batchIndex], {
        mode: attr.string('avg'),
        output_height: attr.int(outputSize),
        output_width: attr.int(outputSize),
        sampling_ratio: attr.int(C.samplingRatio),
        spatial_scale: attr.float(1 / 2 ** (level + 2)),
        coordinate_transformation_mode: attr.string('output_half_pixel'),
      }),
    );
    orders.push(index);
  });
  const order = o.concat(orders, 0);
    return {
    perLevel: features,
    boxes: o.gather(boxes, order),
    order,
  };
}
