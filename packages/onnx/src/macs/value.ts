/**
 * What shape inference knows about one graph value: element type, shape (null when not known, with the reason), and
 * for small tensors (shape tensors, scalars) the values themselves, so Shape → Gather → Concat → Reshape chains fold.
 */
import type { TensorProto } from '../gen/onnx_pb.ts';
import { isNum, type Dim } from './dim.ts';

/** onnx.proto TensorProto.DataType numbers used here. */
export const ElemType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10, DOUBLE: 11, BFLOAT16: 16 } as const;

/** Tensors up to this many elements keep their values for constant folding. */
export const FOLD_LIMIT = 64;

export interface TensorValue {
  elemType: number;
  shape: Dim[] | null;
  /** why the shape is unknown */
  why?: string;
  /** element values, row-major; integer tensors may hold data-dependent sizes */
  data?: Dim[];
  /** inclusive bounds of an integer tensor's values, when known (from Clip) */
  range?: [number, number];
  /** set by Equal(x, c) with a constant scalar c: the partition NonZero can name */
  equalOf?: { value: string; key: number; range?: [number, number] };
}

export function unknown(why: string, elemType = 0): TensorValue {
  return { elemType, shape: null, why };
}

export function isIntType(t: number): boolean {
  return t === ElemType.INT64 || t === ElemType.INT32 || t === ElemType.INT8 || t === ElemType.UINT8 || t === ElemType.BOOL;
}

/** Number of elements when the shape is fully numeric. */
export function numericSize(shape: readonly Dim[]): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (!isNum(d)) return undefined;
    n *= d;
  }
  return n;
}

function readRaw(t: TensorProto, count: number): number[] | undefined {
  const raw = t.rawData;
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  const width = { [ElemType.FLOAT]: 4, [ElemType.DOUBLE]: 8, [ElemType.INT64]: 8, [ElemType.INT32]: 4, [ElemType.INT8]: 1, [ElemType.UINT8]: 1, [ElemType.BOOL]: 1 }[t.dataType];
  if (width === undefined || raw.byteLength < count * width) return undefined;
  for (let i = 0; i < count; i++) {
    const o = i * width;
    switch (t.dataType) {
      case ElemType.FLOAT:
        out.push(dv.getFloat32(o, true));
        break;
      case ElemType.DOUBLE:
        out.push(dv.getFloat64(o, true));
        break;
      case ElemType.INT64:
        out.push(Number(dv.getBigInt64(o, true)));
        break;
      case ElemType.INT32:
        out.push(dv.getInt32(o, true));
        break;
      case ElemType.INT8:
        out.push(dv.getInt8(o));
        break;
      default:
        out.push(dv.getUint8(o));
    }
  }
  return out;
}

/** An initializer or Constant tensor: shape always, values when small and of a numeric type. */
export function tensorValue(t: TensorProto): TensorValue {
  const shape = t.dims.map((d) => Number(d));
  const count = shape.reduce((a, b) => a * b, 1);
  const v: TensorValue = { elemType: t.dataType, shape };
  if (count > FOLD_LIMIT) return v;
  let data: number[] | undefined;
  if (t.rawData.length > 0) data = readRaw(t, count);
  else if (t.floatData.length) data = [...t.floatData];
  else if (t.int64Data.length) data = t.int64Data.map((x) => Number(x));
  else if (t.int32Data.length) data = [...t.int32Data];
  else if (t.doubleData.length) data = [...t.doubleData];
  else if (count === 0) data = [];
  if (data && data.length === count) v.data = data;
  return v;
}
