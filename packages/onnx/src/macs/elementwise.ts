/**
 * Shape rules of elementwise ops (numpy broadcasting) and reductions, with constant folding of small tensors: the
 * arithmetic torch.onnx and the detectors emit on shape tensors (sizes, strides, padded sizes) is evaluated, in the
 * element type's own arithmetic (float32 rounding, integer division truncating).
 */
import { dimAdd, dimDivExact, dimMul, dimSub, isNum, type Dim } from './dim.ts';
import { ShapeError, attrFloat, attrInt, attrInts, axisOf, known, type NodeContext } from './context.ts';
import { ElemType, FOLD_LIMIT, isIntType, numericSize, type TensorValue } from './value.ts';

export function broadcastShapes(shapes: readonly (readonly Dim[])[]): Dim[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const x = s[s.length - rank + i];
      if (x === undefined || x === 1) continue;
      if (d === 1) d = x;
      else if (isNum(d) && isNum(x) && d !== x) throw new ShapeError(`cannot broadcast ${d} with ${x}`);
      else if (!isNum(d) && isNum(x)) d = x; // the runtime size must equal the fixed one
    }
    out.push(d);
  }
  return out;
}

/** Index of the element of `shape` (right-aligned, broadcast) that output element `flat` of `out` reads. */
function sourceIndex(flat: number, out: readonly number[], shape: readonly number[]): number {
  let idx = 0;
  let stride = 1;
  let rem = flat;
  const offset = out.length - shape.length;
  const coords: number[] = [];
  for (let i = out.length - 1; i >= 0; i--) {
    coords[i] = rem % (out[i] as number);
    rem = Math.floor(rem / (out[i] as number));
  }
  for (let i = shape.length - 1; i >= 0; i--) {
    const n = shape[i] as number;
    idx += (n === 1 ? 0 : (coords[i + offset] as number)) * stride;
    stride *= n;
  }
  return idx;
}

type Fold = (xs: Dim[], outType: number) => Dim | undefined;

const num = (f: (...xs: number[]) => number): Fold => (xs) => (xs.every(isNum) ? f(...(xs as number[])) : undefined);
const bool = (f: (a: number, b: number) => boolean): Fold => num((a, b) => (f(a, b) ? 1 : 0));

const FOLDS: Record<string, Fold> = {
  Add: (xs) => dimAdd(xs[0] as Dim, xs[1] as Dim),
  Sub: (xs) => dimSub(xs[0] as Dim, xs[1] as Dim),
  Mul: (xs) => {
    try {
      return dimMul(xs[0] as Dim, xs[1] as Dim);
    } catch {
      return undefined;
    }
  },
  Div: (xs, t) => {
    const [a, b] = xs as [Dim, Dim];
    if (isNum(a) && isNum(b)) return isIntType(t) ? Math.trunc(a / b) : a / b;
    return isNum(b) && isIntType(t) ? dimDivExact(a, b) : undefined;
  },
  Min: num(Math.min),
  Max: num(Math.max),
  Pow: num(Math.pow),
  Neg: num((a) => -a),
  Abs: num(Math.abs),
  Floor: num(Math.floor),
  Ceil: num(Math.ceil),
  Sqrt: num(Math.sqrt),
  Exp: num(Math.exp),
  Log: num(Math.log),
  Reciprocal: num((a) => 1 / a),
  Equal: bool((a, b) => a === b),
  Less: bool((a, b) => a < b),
  LessOrEqual: bool((a, b) => a <= b),
  Greater: bool((a, b) => a > b),
  GreaterOrEqual: bool((a, b) => a >= b),
  And: bool((a, b) => a !== 0 && b !== 0),
  Or: bool((a, b) => a !== 0 || b !== 0),
  Not: num((a) => (a === 0 ? 1 : 0)),
  Identity: (xs) => xs[0],
  Where: (xs) => (isNum(xs[0] as Dim) ? ((xs[0] as number) !== 0 ? xs[1] : xs[2]) : undefined),
};

const COMPARISONS = new Set(['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'And', 'Or', 'Not', 'IsNaN', 'IsInf']);

export const ELEMENTWISE_OPS: ReadonlySet<string> = new Set([
  ...Object.keys(FOLDS),
  'Cast', 'CastLike', 'Clip', 'Relu', 'LeakyRelu', 'PRelu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Erf', 'Gelu', 'Elu', 'Selu',
  'Softplus', 'Mish', 'Sign', 'Round', 'Mod', 'Sin', 'Cos', 'IsNaN', 'IsInf', 'Xor', 'BitShift', 'Sum', 'Mean', 'Dropout',
]);

function castTo(v: number, to: number): number {
  if (to === ElemType.BOOL) return v !== 0 ? 1 : 0;
  if (to === ElemType.FLOAT) return Math.fround(v);
  if (isIntType(to)) return Math.trunc(v);
  return v;
}

function outType(ctx: NodeContext, op: string): number {
  if (COMPARISONS.has(op)) return ElemType.BOOL;
  if (op === 'Cast') return attrInt(ctx.node, 'to', 0);
  if (op === 'CastLike') return ctx.inputs[1]?.elemType ?? 0;
  if (op === 'Where') return ctx.inputs[1]?.elemType ?? 0;
  return ctx.inputs.find((v) => v)?.elemType ?? 0;
}

function scalarOf(v: TensorValue | undefined): number | undefined {
  const d = v?.data;
  return d && d.length === 1 && isNum(d[0] as Dim) ? (d[0] as number) : undefined;
}

/** Clip's range and the shifts of Add/Sub by a constant keep track of an integer tensor's value bounds. */
function rangeOf(ctx: NodeContext, op: string): [number, number] | undefined {
  const x = ctx.inputs[0];
  if (op === 'Clip') {
    const lo = ctx.inputs.length > 1 ? scalarOf(ctx.inputs[1]) : attrFloat(ctx.node, 'min', -Infinity);
    const hi = ctx.inputs.length > 2 ? scalarOf(ctx.inputs[2]) : attrFloat(ctx.node, 'max', Infinity);
    return lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi) ? [Math.ceil(lo), Math.floor(hi)] : undefined;
  }
  if (!x?.range) return undefined;
  if (op === 'Cast' || op === 'Floor' || op === 'Identity' || op === 'Ceil' || op === 'Round') return x.range;
  const c = scalarOf(ctx.inputs[1]);
  if (c === undefined || !Number.isInteger(c)) return undefined;
  if (op === 'Add') return [x.range[0] + c, x.range[1] + c];
  if (op === 'Sub') return [x.range[0] - c, x.range[1] - c];
  return undefined;
}

export function inferElementwise(ctx: NodeContext): TensorValue[] {
  const op = ctx.node.opType;
  const present = ctx.inputs.map((_, i) => i).filter((i) => ctx.inputs[i] !== undefined);
  // Clip's min/max, Dropout's ratio: only the data input shapes the output
  const shaped = op === 'Clip' || op === 'Dropout' ? [0] : op === 'PRelu' ? [0, 1] : present;
  const shapes = shaped.map((i) => known(ctx, i).shape);
  const shape = broadcastShapes(shapes);
  const type = outType(ctx, op);
  const out: TensorValue = { elemType: type, shape };
  const size = numericSize(shape);
  const inputs = shaped.map((i) => ctx.inputs[i] as TensorValue);
  if (size !== undefined && size <= FOLD_LIMIT && inputs.every((v) => v.data)) {
    const fold = FOLDS[op] ?? (op === 'Cast' || op === 'CastLike' ? (xs: Dim[]) => (isNum(xs[0] as Dim) ? castTo(xs[0] as number, type) : xs[0]) : undefined);
    if (fold) {
      const data: Dim[] = [];
      const outNums = shape as number[];
      for (let i = 0; i < size; i++) {
        const xs = inputs.map((v) => (v.data as Dim[])[sourceIndex(i, outNums, v.shape as number[])] as Dim);
        const r = fold(xs, type);
        if (r === undefined) break;
        data.push(isNum(r) && type === ElemType.FLOAT ? Math.fround(r) : r);
      }
      if (data.length === size) out.data = data;
    }
  }
  const range = rangeOf(ctx, op);
  if (range) out.range = range;
  if (op === 'Equal') {
    const key = scalarOf(ctx.inputs[1]);
    const name = ctx.inputNames[0];
    if (key !== undefined && name) {
      const r = ctx.inputs[0]?.range;
      out.equalOf = r ? { value: name, key, range: r } : { value: name, key };
    }
  }
  return op === 'Dropout' ? [out, { ...out, elemType: ElemType.BOOL, data: undefined } as TensorValue] : [out];
}

const REDUCERS: Record<string, ((xs: number[]) => number) | undefined> = {
  ReduceMax: (xs) => Math.max(...xs),
  ReduceMin: (xs) => Math.min(...xs),
  ReduceSum: (xs) => xs.reduce((a, b) => a + b, 0),
  ReduceProd: (xs) => xs.reduce((a, b) => a * b, 1),
};

export const REDUCE_OPS: ReadonlySet<string> = new Set([
  'ReduceMax', 'ReduceMin', 'ReduceSum', 'ReduceProd', 'ReduceMean', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare', 'ArgMax', 'ArgMin',
]);

export function inferReduce(ctx: NodeContext): TensorValue[] {
  const op = ctx.node.opType;
  const x = known(ctx, 0);
  const rank = x.shape.length;
  const keep = attrInt(ctx.node, 'keepdims', 1) !== 0;
  let axes: number[] | undefined;
  if (op === 'ArgMax' || op === 'ArgMin') axes = [attrInt(ctx.node, 'axis', 0)];
  else if (ctx.inputs[1]) {
    const d = ctx.inputs[1].data;
    if (!d || !d.every(isNum)) throw new ShapeError(`${op} '${ctx.node.name}': axes are not a constant`);
    axes = d as number[];
  } else axes = attrInts(ctx.node, 'axes');
  if (axes && axes.length === 0) axes = undefined;
  if (!axes && attrInt(ctx.node, 'noop_with_empty_axes', 0) === 1) return [{ ...x }];
  const set = new Set((axes ?? x.shape.map((_, i) => i)).map((a) => axisOf(a, rank)));
  const shape = x.shape.flatMap((d, i) => (set.has(i) ? (keep ? [1] : []) : [d]));
  const out: TensorValue = { elemType: op.startsWith('Arg') ? ElemType.INT64 : x.elemType, shape };
  const reduce = REDUCERS[op];
  if (reduce && x.data && x.data.every(isNum) && set.size === rank) {
    const r = reduce(x.data as number[]);
    out.data = [x.elemType === ElemType.FLOAT ? Math.fround(r) : r];
  }
  return [out];
}
