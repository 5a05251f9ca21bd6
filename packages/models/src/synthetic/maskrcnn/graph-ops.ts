/**
 * Thin typed helpers over the graph builder for the dynamic-shape parts of Mask R-CNN (proposal selection, RoI
 * pooling, post-processing): slices, gathers, casts and cached constants. Values are plain ONNX value names.
 */
import type { GraphBuilder } from '@modelbench/onnx';
import { attr, DataType, type Attr, type DataTypeName } from '@modelbench/onnx';

const ONNX_DOUBLE = 11;

export class GraphOps {
  private constants = new Map<string, string>();

  constructor(readonly g: GraphBuilder) {}

  /** A float32 constant, shared between uses. */
  f32(values: number | readonly number[], dims?: readonly number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    const shape = dims ?? (typeof values === 'number' ? [] : [list.length]);
    const key = `f:${shape.join('x')}:${list.join(',')}`;
    let name = this.constants.get(key);
    if (name === undefined) {
      name = this.g.constFloat('const_f', list, shape);
      this.constants.set(key, name);
    }
    return name;
  }

  /** An int64 constant, shared between uses. */
  i64(values: number | readonly number[], dims?: readonly number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    const shape = dims ?? (typeof values === 'number' ? [] : [list.length]);
    const key = `i:${shape.join('x')}:${list.join(',')}`;
    let name = this.constants.get(key);
    if (name === undefined) {
      name = this.g.constInt64('const_i', list, shape);
      this.constants.set(key, name);
    }
    return name;
  }

  op(type: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.g.op(type, inputs, attrs, output);
  }

  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }
  sub(a: string, b: string): string {
    return this.op('Sub', [a, b]);
  }
  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }
  div(a: string, b: string): string {
    return this.op('Div', [a, b]);
  }
  min(a: string, b: string): string {
    return this.op('Min', [a, b]);
  }
  max(a: string, b: string): string {
    return this.op('Max', [a, b]);
  }

  cast(x: string, to: DataTypeName): string {
    return this.op('Cast', [x], { to: attr.int(DataType[to]) });
  }

  /** Cast to float64 (onnx.proto TensorProto.DOUBLE = 11, not among the builder's initializer types). */
  castDouble(x: string): string {
    return this.op('Cast', [x], { to: attr.int(ONNX_DOUBLE) });
  }

  shape(x: string, start?: number, end?: number): string {
    const attrs: Record<string, Attr> = {};
    if (start !== undefined) attrs.start = attr.int(start);
    if (end !== undefined) attrs.end = attr.int(end);
    return this.op('Shape', [x], attrs);
  }

  /** Slice along one axis, [start, end). */
  slice(x: string, axis: number, start: number, end: number): string {
    return this.op('Slice', [x, this.i64([start]), this.i64([end]), this.i64([axis])]);
  }

  /** Slice along one axis with dynamic bounds (1-element int64 tensors). */
  sliceDynamic(x: string, axis: number, start: string, end: string): string {
    return this.op('Slice', [x, start, end, this.i64([axis])]);
  }

  gather(x: string, indices: string, axis = 0): string {
    return this.op('Gather', [x, indices], { axis: attr.int(axis) });
  }

  concat(inputs: readonly string[], axis: number): string {
    return inputs.length === 1 ? (inputs[0] as string) : this.op('Concat', inputs, { axis: attr.int(axis) });
  }

  reshape(x: string, shape: readonly number[] | string): string {
    return this.op('Reshape', [x, typeof shape === 'string' ? shape : this.i64(shape)]);
  }

  unsqueeze(x: string, axes: readonly number[]): string {
    return this.op('Unsqueeze', [x, this.i64(axes)]);
  }

  squeeze(x: string, axes: readonly number[]): string {
    return this.op('Squeeze', [x, this.i64(axes)]);
  }

  transpose(x: string, perm: readonly number[]): string {
    return this.op('Transpose', [x], { perm: attr.ints(perm) });
  }

  where(condition: string, a: string, b: string): string {
    return this.op('Where', [condition, a, b]);
  }

  and(a: string, b: string): string {
    return this.op('And', [a, b]);
  }

  /** a >= b */
  greaterOrEqual(a: string, b: string): string {
    return this.op('GreaterOrEqual', [a, b]);
  }

  /** a <= b */
  lessOrEqual(a: string, b: string): string {
    return this.op('LessOrEqual', [a, b]);
  }

  /** The flat int64 positions where a boolean vector is true. */
  nonZero1d(condition: string): string {
    return this.reshape(this.op('NonZero', [condition]), [-1]);
  }

  reduceMax(x: string, keepDims = false): string {
    return this.op('ReduceMax', [x], { keepdims: attr.int(keepDims ? 1 : 0) });
  }

  reduceMin(x: string, keepDims = false): string {
    return this.op('ReduceMin', [x], { keepdims: attr.int(keepDims ? 1 : 0) });
  }

  /**
   * Gives an existing value a new name (for graph outputs): the producing node writes `name` directly, so no
   * Identity copy is needed, and every consumer is rewritten.
   */
  rename(value: string, name: string): string {
    for (const node of this.g.nodes) {
      if (node.outputs.includes(value)) node.outputs = node.outputs.map((n) => (n === value ? name : n));
      if (node.inputs.includes(value)) node.inputs = node.inputs.map((n) => (n === value ? name : n));
    }
    return name;
  }

  /** Number of rows of x (the first dimension) as a 1-element int64 tensor. */
  rows(x: string): string {
    return this.shape(x, 0, 1);
  }
}
