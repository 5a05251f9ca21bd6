/**
 * GeneralizedRCNNTransform as SSD300 configures it, in the graph: normalise ((x − mean) / std, std = 1/255) on the
 * image as given, then resize to 300×300 (F.interpolate bilinear, align_corners=False = ONNX Resize linear with
 * pytorch_half_pixel, no antialiasing). Its postprocess rescales boxes from 300×300 back to the input's H×W.
 */
import type { GraphBuilder } from '@modelbench/onnx';
import { attr } from '@modelbench/onnx';
import { SSD300_IMAGE_MEAN, SSD300_IMAGE_STD, SSD300_SIZE } from './config.ts';
import { scopedOp } from './ops.ts';

const S = 'transform' as const;

/** images [3, H, W] in [0, 1] → [1, 3, 300, 300] normalised. */
export function ssdTransform(g: GraphBuilder, images: string, size = SSD300_SIZE): string {
  const mean = g.constFloat('transform.image_mean', [...SSD300_IMAGE_MEAN], [3, 1, 1]);
  const std = g.constFloat('transform.image_std', [...SSD300_IMAGE_STD], [3, 1, 1]);
  const normalised = scopedOp(g, S, 'Div', [scopedOp(g, S, 'Sub', [images, mean]), std]);
  const batched = scopedOp(g, S, 'Unsqueeze', [normalised, g.constInt64('transform.batch_axis', [0])]);
  return scopedOp(g, S, 'Resize', [batched, '', '', g.constInt64('transform.size', [1, 3, size, size])], {
    mode: attr.string('linear'),
    coordinate_transformation_mode: attr.string('pytorch_half_pixel'),
  });
}

/** [W/300, H/300, W/300, H/300] from the input's shape: multiplies [x1, y1, x2, y2] boxes back to input pixels. */
export function boxScaleToInput(g: GraphBuilder, images: string, size = SSD300_SIZE): string {
  const hw = scopedOp(g, S, 'Cast', [scopedOp(g, S, 'Shape', [images], { start: attr.int(1) })], { to: attr.int(1) });
  const whwh = scopedOp(g, S, 'Gather', [hw, g.constInt64('transform.whwh', [1, 0, 1, 0])], { axis: attr.int(0) });
  return scopedOp(g, S, 'Div', [whwh, g.constFloat('transform.resized_size', [size], [])]);
}
