/**
 * Shape rules of the data-movement ops (Shape, Reshape, Transpose, Concat, Split, Slice, Gather, Unsqueeze, Squeeze,
 * Expand, Range, Pad, ...), folding values where the input values are known: this is how torch.onnx's
 * Shape → Gather → Unsqueeze → Concat → Reshape chains resolve to fixed shapes.
 */
import { dimAdd, dimDivExact, dimEquals, dimMul, dimSub, isNum, product, type Dim } from './dim.ts';
import { ShapeError, attrInt, attrInts, attrTensor, axisOf, constInts, known, type NodeContext } from './context.ts';
import { broadcastShapes } from './elementwise.ts';
import { ElemType, FOLD_LIMIT, numericSize, tensorValue, type TensorValue } from './value.ts';

const INT64_MAX_ISH = 2 ** 62;

function ints(ds: readonly Dim[], what: string): number[] {
  if (!ds.every(isNum)) throw new ShapeError(`${what} depends on data-dependent sizes`);
  return ds as number[];
}

function i64(shape: Dim[], data?: Dim[]): TensorValue {
  return data ? { elemType: ElemType.INT64, shape, data } : { elemType: ElemType.INT64, shape };
}

function shapeOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const r = x.shape.length;
  const clamp = (a: number): number => Math.min(r, Math.max(0, a < 0 ? a + r : a));
  const start = clamp(attrInt(ctx.node, 'start', 0));
  const end = clamp(attrInt(ctx.node, 'end', r));
  const data = x.shape.slice(start, Math.max(start, end));
  return [i64([data.length], data)];
}

function constantOp(ctx: NodeContext): TensorValue[] {
  const t = attrTensor(ctx.node, 'value');
  if (t) return [tensorValue(t)];
  const a = ctx.node.attribute[0];
  if (!a) throw new ShapeError(`Constant '${ctx.node.name}' has no value`);
  if (a.name === 'value_int') return [i64([], [Number(a.i)])];
  if (a.name === 'value_ints') return [i64([a.ints.length], a.ints.map((v) => Number(v)))];
  if (a.name === 'value_float') return [{ elemType: ElemType.FLOAT, shape: [], data: [a.f] }];
  if (a.name === 'value_floats') return [{ elemType: ElemType.FLOAT, shape: [a.floats.length], data: [...a.floats] }];
  throw new ShapeError(`Constant '${ctx.node.name}': ${a.name} is not supported`);
}

/** The -1 of a Reshape: total / rest, exactly; with a data-dependent rest, total must be rest times a whole number. */
function minusOneDim(total: Dim, rest: Dim): Dim | undefined {
  if (isNum(rest)) return dimDivExact(total, rest);
  if (isNum(total)) return undefined;
  const [symbol, coeff] = Object.entries(rest.terms)[0] as [string, number];
  const ratio = (total.terms[symbol] ?? 0) / coeff;
  return Number.isInteger(ratio) && ratio > 0 && dimEquals(dimMul(rest, ratio), total) ? ratio : undefined;
}

function reshapeOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const target = constInts(ctx, 1, 'the target shape');
  const allowZero = attrInt(ctx.node, 'allowzero', 0) === 1;
  const shape: Dim[] = target.map((d, i) => (d === 0 && !allowZero ? (x.shape[i] as Dim) : d));
  const inferred = shape.findIndex((d) => d === -1);
  if (inferred >= 0) {
    const d = minusOneDim(product(x.shape), product(shape.filter((_, i) => i !== inferred)));
    if (d === undefined) throw new ShapeError(`Reshape '${ctx.node.name}': cannot infer -1 from ${x.shape.length}-d input`);
    shape[inferred] = d;
  }
  return [{ ...x, shape, range: x.range, equalOf: undefined }];
}

function flattenOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const axis = attrInt(ctx.node, 'axis', 1);
  const a = axis < 0 ? axis + x.shape.length : axis;
  return [{ elemType: x.elemType, shape: [product(x.shape.slice(0, a)), product(x.shape.slice(a))] }];
}

function transposeOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const perm = attrInts(ctx.node, 'perm') ?? x.shape.map((_, i) => x.shape.length - 1 - i);
  return [{ elemType: x.elemType, shape: perm.map((p) => x.shape[p] as Dim) }];
}

function concatOp(ctx: NodeContext): TensorValue[] {
  const xs = ctx.inputs.map((_, i) => known(ctx, i));
  const rank = (xs[0] as TensorValue & { shape: Dim[] }).shape.length;
  const axis = axisOf(attrInt(ctx.node, 'axis', 0), rank);
  const shape = [...(xs[0] as TensorValue & { shape: Dim[] }).shape];
  shape[axis] = xs.reduce<Dim>((acc, v) => dimAdd(acc, v.shape[axis] as Dim), 0);
  const out: TensorValue = { elemType: xs[0]?.elemType ?? 0, shape };
  if (rank === 1 && xs.every((v) => v.data)) out.data = xs.flatMap((v) => v.data as Dim[]);
  return [out];
}

function splitOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const axis = axisOf(attrInt(ctx.node, 'axis', 0), x.shape.length);
  const n = ctx.node.output.length;
  let sizes: Dim[] | undefined = ctx.inputs[1] ? constInts(ctx, 1, 'the split sizes') : attrInts(ctx.node, 'split');
  if (!sizes) {
    const each = dimDivExact(x.shape[axis] as Dim, n);
    if (each === undefined) throw new ShapeError(`Split '${ctx.node.name}': ${n} equal parts of an axis that does not divide`);
    sizes = Array.from({ length: n }, () => each);
  }
  return sizes.map((s) => ({ elemType: x.elemType, shape: x.shape.map((d, i) => (i === axis ? s : d)) }));
}

function sliceOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const rank = x.shape.length;
  const useAttrs = ctx.inputs.length === 1;
  const starts = useAttrs ? (attrInts(ctx.node, 'starts') ?? []) : ints(constInts(ctx, 1, 'starts'), 'Slice starts');
  const ends = useAttrs ? (attrInts(ctx.node, 'ends') ?? []) : ints(constInts(ctx, 2, 'ends'), 'Slice ends');
  const axes = (useAttrs ? attrInts(ctx.node, 'axes') : ctx.inputs[3] ? ints(constInts(ctx, 3, 'axes'), 'Slice axes') : undefined) ?? starts.map((_, i) => i);
  const steps = !useAttrs && ctx.inputs[4] ? ints(constInts(ctx, 4, 'steps'), 'Slice steps') : starts.map(() => 1);
  const shape = [...x.shape];
  const ranges: [number, number, number][] = x.shape.map((d) => [0, isNum(d) ? d : 0, 1]);
  axes.forEach((axisRaw, j) => {
    const a = axisOf(axisRaw, rank);
    const dim = x.shape[a] as Dim;
    const step = steps[j] as number;
    let s = starts[j] as number;
    let e = ends[j] as number;
    if (!isNum(dim)) {
      // data-dependent length n: [0, big) keeps n; [0, E) is min(n, E); [-k, big) is k
      if (step !== 1) throw new ShapeError(`Slice '${ctx.node.name}' with step ${step} over a data-dependent axis`);
      if (s === 0 && e >= INT64_MAX_ISH) return;
      if (s < 0 && e >= INT64_MAX_ISH) shape[a] = -s;
      else if (s >= 0 && e > s) shape[a] = ctx.newSymbol(`min(${JSON.stringify(dim)}, ${e}) rows kept by Slice '${ctx.node.name}'`, e - s);
      else throw new ShapeError(`Slice '${ctx.node.name}' bounds [${s}, ${e}) over a data-dependent axis`);
      return;
    }
    const clampTo = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
    if (s < 0) s += dim;
    if (e < 0) e += dim;
    if (step > 0) {
      s = clampTo(s, 0, dim);
      e = clampTo(e, 0, dim);
    } else {
      s = clampTo(s, 0, dim - 1);
      e = clampTo(e, -1, dim - 1);
    }
    const len = Math.max(0, Math.ceil((e - s) / step));
    shape[a] = len;
    ranges[a] = [s, e, step];
  });
  const out: TensorValue = { elemType: x.elemType, shape };
  if (rank === 1 && x.data) {
    const [s, , step] = ranges[0] as [number, number, number];
    out.data = Array.from({ length: shape[0] as number }, (_, i) => x.data?.[s + i * step] as Dim);
  }
  if (x.range) out.range = x.range;
  return [out];
}

function gatherOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const idx = known(ctx, 1);
  const axis = axisOf(attrInt(ctx.node, 'axis', 0), x.shape.length);
  const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
  const out: TensorValue = { elemType: x.elemType, shape };
  if (x.data && idx.data && x.shape.length === 1 && idx.data.every(isNum)) {
    const n = x.shape[0] as number;
    out.data = (idx.data as number[]).map((i) => x.data?.[i < 0 ? i + n : i] as Dim);
  }
  if (x.range) out.range = x.range;
  return [out];
}

function unsqueezeOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const axes = ctx.inputs[1] ? ints(constInts(ctx, 1, 'axes'), 'Unsqueeze axes') : (attrInts(ctx.node, 'axes') ?? []);
  const rank = x.shape.length + axes.length;
  const set = new Set(axes.map((a) => axisOf(a, rank)));
  const shape: Dim[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) shape.push(set.has(i) ? 1 : (x.shape[j++] as Dim));
  return [{ ...x, shape, equalOf: undefined }];
}

function squeezeOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const axes = ctx.inputs[1] ? ints(constInts(ctx, 1, 'axes'), 'Squeeze axes') : attrInts(ctx.node, 'axes');
  const set = new Set((axes ?? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => axisOf(a, x.shape.length)));
  return [{ ...x, shape: x.shape.filter((_, i) => !set.has(i)), equalOf: undefined }];
}

function expandOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const target = constInts(ctx, 1, 'the target shape');
  return [{ elemType: x.elemType, shape: broadcastShapes([x.shape, target]) }];
}

function tileOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const reps = ints(constInts(ctx, 1, 'repeats'), 'Tile repeats');
  return [{ elemType: x.elemType, shape: x.shape.map((d, i) => product([d, reps[i] as number])) }];
}

function constantOfShapeOp(ctx: NodeContext): TensorValue[] {
  const shape = constInts(ctx, 0, 'the shape');
  const t = attrTensor(ctx.node, 'value');
  const fill = t ? tensorValue(t) : undefined;
  const out: TensorValue = { elemType: t?.dataType ?? ElemType.FLOAT, shape };
  const n = numericSize(shape);
  const v = fill?.data?.[0] ?? 0;
  if (n !== undefined && n <= FOLD_LIMIT) out.data = Array.from({ length: n }, () => v);
  return [out];
}

function rangeOp(ctx: NodeContext): TensorValue[] {
  const [start, limit, delta] = [0, 1, 2].map((i) => constInts(ctx, i, ['start', 'limit', 'delta'][i] as string)[0] as Dim);
  const type = known(ctx, 0).elemType;
  let n: Dim;
  if (isNum(start) && isNum(limit) && isNum(delta)) n = Math.max(0, Math.ceil((limit - start) / delta));
  else if (delta === 1) n = dimSub(limit as Dim, start as Dim);
  else throw new ShapeError(`Range '${ctx.node.name}' over data-dependent bounds with step ${JSON.stringify(delta)}`);
  const out: TensorValue = { elemType: type, shape: [n] };
  if (isNum(n) && n <= FOLD_LIMIT && isNum(start) && isNum(delta)) out.data = Array.from({ length: n }, (_, i) => start + i * delta);
  return [out];
}

function padOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const pads = ctx.inputs[1] ? constInts(ctx, 1, 'the pads') : (attrInts(ctx.node, 'pads') ?? []);
  const rank = x.shape.length;
  const axes = ctx.inputs[3] ? ints(constInts(ctx, 3, 'axes'), 'Pad axes').map((a) => axisOf(a, rank)) : x.shape.map((_, i) => i);
  const shape = [...x.shape];
  axes.forEach((a, j) => {
    shape[a] = dimAdd(dimAdd(shape[a] as Dim, pads[j] as Dim), pads[j + axes.length] as Dim);
  });
  return [{ elemType: x.elemType, shape }];
}

/** Output has the shape of input `i` (GatherElements: of the indices; Scatter*: of the data). */
const likeInput = (i: number) => (ctx: NodeContext): TensorValue[] => {
  const v = known(ctx, i);
  return [{ elemType: known(ctx, 0).elemType, shape: v.shape }];
};

export const SHAPE_RULES: Record<string, (ctx: NodeContext) => TensorValue[]> = {
  Shape: shapeOp,
  Size: (ctx) => [i64([], [product(known(ctx, 0).shape)])],
  Constant: constantOp,
  ConstantOfShape: constantOfShapeOp,
  Reshape: reshapeOp,
  Flatten: flattenOp,
  Transpose: transposeOp,
  Concat: concatOp,
  Split: splitOp,
  Slice: sliceOp,
  Gather: gatherOp,
  GatherElements: likeInput(1),
  ScatterElements: likeInput(0),
  ScatterND: likeInput(0),
  Unsqueeze: unsqueezeOp,
  Squeeze: squeezeOp,
  Expand: expandOp,
  Tile: tileOp,
  Range: rangeOp,
  Pad: padOp,
};
