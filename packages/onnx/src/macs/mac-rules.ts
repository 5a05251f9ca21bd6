/**
 * Multiply-accumulates per node, counted as the synthetic builders (and torchvision / Hugging Face reference
 * figures) count them: convolutions, transposed convolutions and matrix products only — N·Hout·Wout·|W| for a Conv,
 * N·Hin·Win·|W| for a ConvTranspose, batch·M·K·N for MatMul and Gemm (activation × activation products such as
 * attention scores included). Bias adds, normalisation, activations, pooling, softmax and resizing are not MACs.
 */
import { product, type Dim } from './dim.ts';
import { known, type NodeContext } from './context.ts';
import { gemmDims, matMulDims } from './matmul-ops.ts';
import type { NodeProto } from '../gen/onnx_pb.ts';
import type { TensorValue } from './value.ts';

type MacRule = (ctx: NodeContext, outputs: readonly TensorValue[]) => Dim;

export const MAC_RULES: Record<string, MacRule> = {
  Conv: (ctx, out) => {
    const y = out[0]?.shape ?? [];
    return product([y[0] as Dim, ...y.slice(2), ...known(ctx, 1).shape]);
  },
  ConvTranspose: (ctx) => {
    const x = known(ctx, 0).shape;
    return product([x[0] as Dim, ...x.slice(2), ...known(ctx, 1).shape]);
  },
  MatMul: (ctx) => {
    const d = matMulDims(known(ctx, 0).shape, known(ctx, 1).shape);
    return product([...d.batch, d.m, d.k, d.n]);
  },
  Gemm: (ctx) => {
    const d = gemmDims(ctx);
    return product([d.m, d.k, d.n]);
  },
};

/**
 * Ops that do multiply-accumulate work the counter has no rule for: a graph with one of them gets no figure rather
 * than a figure without them.
 */
export const UNCOUNTED_MAC_OPS: ReadonlySet<string> = new Set([
  'Einsum', 'Attention', 'MultiHeadAttention', 'LSTM', 'GRU', 'RNN', 'QLinearConv', 'QLinearMatMul', 'ConvInteger', 'MatMulInteger', 'FusedConv',
  'FusedMatMul', 'FusedGemm', 'MatMulNBits', 'QAttention', 'DeformConv',
]);

/** Control flow whose sub-graphs (body, then/else branches) may hold counted ops. */
export const CONTROL_FLOW_OPS: ReadonlySet<string> = new Set(['Loop', 'Scan', 'If']);

/** The op types with MACs inside a node's sub-graphs (recursively); empty for a Loop that only resizes and pads. */
export function macOpsInSubgraphs(node: NodeProto): string[] {
  const found = new Set<string>();
  const visit = (n: NodeProto): void => {
    for (const a of n.attribute) {
      for (const g of [...(a.g ? [a.g] : []), ...a.graphs]) {
        for (const inner of g.node) {
          if (MAC_RULES[inner.opType] || UNCOUNTED_MAC_OPS.has(inner.opType)) found.add(inner.opType);
          visit(inner);
        }
      }
    }
  };
  visit(node);
  return [...found];
}
