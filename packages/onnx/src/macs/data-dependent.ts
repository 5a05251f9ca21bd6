/**
 * Ops whose output size depends on the data: NonZero, NonMaxSuppression, Compress, and TopK with a k that is not a
 * constant. Each gets a named symbol with the bound the graph fixes (NMS: max_output_boxes_per_class × batches ×
 * classes; NonZero, Compress: the input's length), so the count can be completed from a hint or at the bound.
 */
import { dimMul, isNum, product, type Dim } from './dim.ts';
import { ShapeError, attrInt, axisOf, known, type NodeContext } from './context.ts';
import { ElemType, type TensorValue } from './value.ts';

function nonZeroOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const eq = x.equalOf;
  const part = eq && x.shape.length === 1 ? { value: eq.value, key: eq.key, length: x.shape[0] as Dim, ...(eq.range ? { range: eq.range } : {}) } : undefined;
  const origin = part ? `positions where '${eq?.value}' equals ${eq?.key} (NonZero '${ctx.node.name}')` : `positions NonZero '${ctx.node.name}' returns`;
  const s = ctx.newSymbol(origin, product(x.shape), part);
  return [{ elemType: ElemType.INT64, shape: [x.shape.length, s] }];
}

function nmsOp(ctx: NodeContext): TensorValue[] {
  const boxes = known(ctx, 0);
  const scores = known(ctx, 1);
  const maxPerClass = ctx.inputs[2]?.data?.[0];
  let bound: Dim | null = null;
  if (ctx.inputs[2] === undefined) bound = 0;
  else if (maxPerClass !== undefined && isNum(maxPerClass)) {
    const perClass = isNum(boxes.shape[1] as Dim) ? Math.min(maxPerClass, boxes.shape[1] as number) : maxPerClass;
    try {
      bound = dimMul(dimMul(boxes.shape[0] as Dim, scores.shape[1] as Dim), perClass);
    } catch {
      bound = null;
    }
  }
  const s = ctx.newSymbol(`boxes kept by NonMaxSuppression '${ctx.node.name}'`, bound);
  return [{ elemType: ElemType.INT64, shape: [s, 3] }];
}

function compressOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const cond = known(ctx, 1);
  const axisAttr = ctx.node.attribute.some((a) => a.name === 'axis') ? attrInt(ctx.node, 'axis', 0) : undefined;
  const s = ctx.newSymbol(`elements Compress '${ctx.node.name}' keeps`, cond.shape[0] ?? null);
  if (axisAttr === undefined) return [{ elemType: x.elemType, shape: [s] }];
  const a = axisOf(axisAttr, x.shape.length);
  return [{ elemType: x.elemType, shape: x.shape.map((d, i) => (i === a ? s : d)) }];
}

function topKOp(ctx: NodeContext): TensorValue[] {
  const x = known(ctx, 0);
  const a = axisOf(attrInt(ctx.node, 'axis', -1), x.shape.length);
  const kData = ctx.inputs[1]?.data?.[0] ?? (ctx.inputs.length === 1 ? attrInt(ctx.node, 'k', 1) : undefined);
  let k: Dim;
  if (kData !== undefined) k = kData;
  else {
    if (!ctx.inputs[1]) throw new ShapeError(`TopK '${ctx.node.name}' has no k`);
    k = ctx.newSymbol(`k of TopK '${ctx.node.name}'`, x.shape[a] ?? null);
  }
  const shape = x.shape.map((d, i) => (i === a ? k : d));
  return [
    { elemType: x.elemType, shape },
    { elemType: ElemType.INT64, shape },
  ];
}

export const DATA_DEPENDENT_RULES: Record<string, (ctx: NodeContext) => TensorValue[]> = {
  NonZero: nonZeroOp,
  NonMaxSuppression: nmsOp,
  Compress: compressOp,
  TopK: topKOp,
};
