/** Shape rules of MatMul (numpy semantics: 1-d operands, broadcast batch dimensions) and Gemm (transA, transB). */
import type { Dim } from './dim.ts';
import { ShapeError, attrInt, known, type NodeContext } from './context.ts';
import { broadcastShapes } from './elementwise.ts';
import type { TensorValue } from './value.ts';

export interface MatMulDims {
  batch: Dim[];
  m: Dim;
  k: Dim;
  n: Dim;
}

export function matMulDims(a: readonly Dim[], b: readonly Dim[]): MatMulDims {
  if (a.length === 0 || b.length === 0) throw new ShapeError('MatMul of a scalar');
  const a2 = a.length === 1 ? [1, a[0] as Dim] : a;
  const b2 = b.length === 1 ? [b[0] as Dim, 1] : b;
  const batch = broadcastShapes([a2.slice(0, -2), b2.slice(0, -2)]);
  return { batch, m: a2[a2.length - 2] as Dim, k: a2[a2.length - 1] as Dim, n: b2[b2.length - 1] as Dim };
}

function matMulOp(ctx: NodeContext): TensorValue[] {
  const a = known(ctx, 0);
  const b = known(ctx, 1);
  const d = matMulDims(a.shape, b.shape);
  const shape = [...d.batch, ...(a.shape.length === 1 ? [] : [d.m]), ...(b.shape.length === 1 ? [] : [d.n])];
  return [{ elemType: a.elemType, shape }];
}

export function gemmDims(ctx: NodeContext): { m: Dim; k: Dim; n: Dim } {
  const a = known(ctx, 0).shape;
  const b = known(ctx, 1).shape;
  if (a.length !== 2 || b.length !== 2) throw new ShapeError(`Gemm '${ctx.node.name}' needs 2-d operands`);
  const ta = attrInt(ctx.node, 'transA', 0) === 1;
  const tb = attrInt(ctx.node, 'transB', 0) === 1;
  return { m: (ta ? a[1] : a[0]) as Dim, k: (ta ? a[0] : a[1]) as Dim, n: (tb ? b[0] : b[1]) as Dim };
}

export const MATMUL_RULES: Record<string, (ctx: NodeContext) => TensorValue[]> = {
  MatMul: matMulOp,
  Gemm: (ctx) => {
    const { m, n } = gemmDims(ctx);
    return [{ elemType: known(ctx, 0).elemType, shape: [m, n] }];
  },
};
