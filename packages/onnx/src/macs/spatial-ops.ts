/**
 * Shape rules of the spatial ops: Conv, ConvTranspose, MaxPool/AveragePool (explicit pads, auto_pad, ceil_mode),
 * the global pools, Resize (sizes or scales) and RoiAlign. Convolution arithmetic as in the ONNX operator spec.
 */
import { dimMul, isNum, type Dim } from './dim.ts';
import { ShapeError, attrInt, attrInts, attrString, constInts, known, type NodeContext } from './context.ts';
import type { TensorValue } from './value.ts';

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** begin pads then end pads, per spatial axis */
  pads: number[];
}

function num(d: Dim, what: string): number {
  if (!isNum(d)) throw new ShapeError(`${what} is data-dependent`);
  return d;
}

function windowOf(ctx: NodeContext, spatial: number, kernelFromWeight?: number[]): Window {
  const n = ctx.node;
  const kernel = attrInts(n, 'kernel_shape') ?? kernelFromWeight;
  if (!kernel) throw new ShapeError(`${n.opType} '${n.name}' has no kernel_shape`);
  return {
    kernel,
    strides: attrInts(n, 'strides') ?? Array(spatial).fill(1),
    dilations: attrInts(n, 'dilations') ?? Array(spatial).fill(1),
    pads: attrInts(n, 'pads') ?? Array(2 * spatial).fill(0),
  };
}

/** Output sizes of a convolution or pooling window over `input` spatial sizes. */
function windowOutput(ctx: NodeContext, input: readonly Dim[], w: Window, ceil: boolean): number[] {
  const autoPad = attrString(ctx.node, 'auto_pad', 'NOTSET');
  return input.map((d, i) => {
    const size = num(d, `${ctx.node.opType} '${ctx.node.name}' spatial size`);
    const stride = w.strides[i] as number;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(size / stride);
    const span = (w.dilations[i] as number) * ((w.kernel[i] as number) - 1) + 1;
    const padded = autoPad === 'VALID' ? size : size + (w.pads[i] as number) + (w.pads[i + input.length] as number);
    const out = (ceil ? Math.ceil : Math.floor)((padded - span) / stride) + 1;
    // ceil mode: the last window must start inside the input or its begin padding
    return ceil && (out - 1) * stride >= size + (w.pads[i] as number) ? out - 1 : out;
  });
}

function convOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const weight = known(ctx, 1);
  const spatial = x.shape.slice(2);
  const w = windowOf(ctx, spatial.length, weight.shape.slice(2).map((d) => num(d, 'Conv kernel')));
  return [{ elemType: x.elemType, shape: [x.shape[0] as Dim, weight.shape[0] as Dim, ...windowOutput(ctx, spatial, w, false)] }];
}

function convTransposeOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const weight = known(ctx, 1);
  const group = attrInt(ctx.node, 'group', 1);
  const spatial = x.shape.slice(2).map((d) => num(d, 'ConvTranspose spatial size'));
  const w = windowOf(ctx, spatial.length, weight.shape.slice(2).map((d) => num(d, 'ConvTranspose kernel')));
  const given = attrInts(ctx.node, 'output_shape');
  const outPad = attrInts(ctx.node, 'output_padding') ?? spatial.map(() => 0);
  const out = given
    ? given.slice(-spatial.length)
    : spatial.map(
        (s, i) =>
          (w.strides[i] as number) * (s - 1) + (outPad[i] as number) + ((w.kernel[i] as number) - 1) * (w.dilations[i] as number) + 1 - (w.pads[i] as number) - (w.pads[i + spatial.length] as number),
      );
  return [{ elemType: x.elemType, shape: [x.shape[0] as Dim, dimMul(weight.shape[1] as Dim, group), ...out] }];
}

function poolOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const spatial = x.shape.slice(2);
  const w = windowOf(ctx, spatial.length);
  const out = windowOutput(ctx, spatial, w, attrInt(ctx.node, 'ceil_mode', 0) === 1);
  const y: TensorValue = { elemType: x.elemType, shape: [x.shape[0] as Dim, x.shape[1] as Dim, ...out] };
  return ctx.node.output.length > 1 ? [y, { ...y, elemType: 7 }] : [y];
}

function globalPoolOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  return [{ elemType: x.elemType, shape: x.shape.map((d, i) => (i < 2 ? d : 1)) }];
}

function resizeOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  // inputs: X, roi, scales, sizes (opset 11+); opset 10: X, scales
  const sizesIdx = ctx.inputs.length >= 4 && ctx.inputs[3] ? 3 : -1;
  if (sizesIdx >= 0) {
    const sizes = constInts(ctx, sizesIdx, 'the sizes');
    const axes = attrInts(ctx.node, 'axes');
    if (!axes) return [{ elemType: x.elemType, shape: sizes }];
    const shape = [...x.shape];
    axes.forEach((a, i) => (shape[a < 0 ? a + shape.length : a] = sizes[i] as Dim));
    return [{ elemType: x.elemType, shape }];
  }
  const scalesIdx = ctx.inputs.length >= 3 ? 2 : 1;
  const scales = constInts(ctx, scalesIdx, 'the scales');
  // onnxruntime: static_cast<int64_t>(float scale * size), the product rounded to float32 before truncation
  return [{ elemType: x.elemType, shape: x.shape.map((d, i) => Math.floor(Math.fround(num(d, 'Resize input size') * num(scales[i] as Dim, 'Resize scale')))) }];
}

function roiAlignOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const rois = known(ctx, 1);
  const oh = attrInt(ctx.node, 'output_height', 1);
  const ow = attrInt(ctx.node, 'output_width', 1);
  return [{ elemType: x.elemType, shape: [rois.shape[0] as Dim, x.shape[1] as Dim, oh, ow] }];
}

export const SPATIAL_RULES: Record<string, (ctx: NodeContext) => TensorValue[]> = {
  Conv: convOp,
  ConvTranspose: convTransposeOp,
  MaxPool: poolOp,
  AveragePool: poolOp,
  LpPool: poolOp,
  GlobalAveragePool: globalPoolOp,
  GlobalMaxPool: globalPoolOp,
  GlobalLpPool: globalPoolOp,
  Resize: resizeOp,
  Upsample: resizeOp,
  RoiAlign: roiAlignOp,
  MaxRoiPool: (ctx) => {
    const x = known(ctx, 0);
    const [ph, pw] = attrInts(ctx.node, 'pooled_shape') ?? [1, 1];
    return [{ elemType: x.elemType, shape: [known(ctx, 1).shape[0] as Dim, x.shape[1] as Dim, ph as number, pw as number] }];
  },
};
