/** The per-node view the shape rules get: decoded attributes, the inputs' known facts, and a symbol factory. */
import type { NodeProto, TensorProto } from '../gen/onnx_pb.ts';
import type { Dim, SymDim } from './dim.ts';
import type { TensorValue } from './value.ts';

export interface SymbolInfo {
  name: string;
  /** what produced it, for the record: "rows kept by NonMaxSuppression 'nms_1'" */
  origin: string;
  /** largest value it can take, when the graph fixes one */
  upperBound: Dim | null;
  /** NonZero(Equal(x, key)): one part of a partition of x's positions by value */
  partOf?: { value: string; key: number; length: Dim; range?: [number, number] };
}

export interface NodeContext {
  node: NodeProto;
  /** inputs in order; undefined for an omitted optional input ('') */
  inputs: (TensorValue | undefined)[];
  /** the names of the inputs, as in the node */
  inputNames: readonly string[];
  newSymbol(origin: string, upperBound: Dim | null, partOf?: SymbolInfo['partOf']): SymDim;
}

export class ShapeError extends Error {}

function find(node: NodeProto, name: string) {
  return node.attribute.find((a) => a.name === name);
}

export function attrInt(node: NodeProto, name: string, fallback: number): number {
  const a = find(node, name);
  return a ? Number(a.i) : fallback;
}

export function attrInts(node: NodeProto, name: string): number[] | undefined {
  const a = find(node, name);
  return a ? a.ints.map((x) => Number(x)) : undefined;
}

export function attrFloat(node: NodeProto, name: string, fallback: number): number {
  const a = find(node, name);
  return a ? a.f : fallback;
}

export function attrString(node: NodeProto, name: string, fallback: string): string {
  const a = find(node, name);
  return a ? new TextDecoder().decode(a.s) : fallback;
}

export function attrTensor(node: NodeProto, name: string): TensorProto | undefined {
  return find(node, name)?.t;
}

export function hasAttr(node: NodeProto, name: string): boolean {
  return find(node, name) !== undefined;
}

/** The input at `i`, which must be present with a known shape. */
export function known(ctx: NodeContext, i: number): TensorValue & { shape: Dim[] } {
  const v = ctx.inputs[i];
  if (!v) throw new ShapeError(`${ctx.node.opType} input ${i} is missing`);
  if (!v.shape) throw new ShapeError(v.why ?? `${ctx.node.opType} input ${i} has no known shape`);
  return v as TensorValue & { shape: Dim[] };
}

/** Integer values of a (small, folded) input, e.g. a Reshape target or Slice bounds. */
export function constInts(ctx: NodeContext, i: number, what: string): Dim[] {
  const v = known(ctx, i);
  if (!v.data) throw new ShapeError(`${ctx.node.opType} '${ctx.node.name}': ${what} (input ${i}, '${ctx.inputNames[i]}') is not a constant the counter can fold`);
  return v.data;
}

/** Normalises a possibly negative axis. */
export function axisOf(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new ShapeError(`axis ${axis} out of range for rank ${rank}`);
  return a;
}
