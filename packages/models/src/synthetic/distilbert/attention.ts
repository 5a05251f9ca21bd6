/**
 * DistilBERT's MultiHeadSelfAttention: q/k/v projections, q scaled by 1/√d, scores = q·kᵀ, positions where the
 * attention mask is 0 filled with float32's lowest value (torch's `masked_fill(mask, finfo.min)`), softmax over keys,
 * weights·v, heads merged and the output projection.
 */
import { attr } from '@modelbench/onnx';
import type { TransformerOps } from './ops.ts';

/** torch.finfo(torch.float32).min */
export const FLOAT32_LOWEST = -3.4028234663852886e38;

export interface AttentionShape {
  hidden: number;
  heads: number;
}

/** Shared across layers: the [B, 1, 1, S] boolean "keep" mask and the reshape targets. */
export interface AttentionConstants {
  keepMask: string;
  fill: string;
  splitHeads: string;
  mergeHeads: string;
  scale: string;
}

export function attentionConstants(ops: TransformerOps, attentionMask: string, shape: AttentionShape): AttentionConstants {
  const g = ops.g;
  const dHead = shape.hidden / shape.heads;
  if (!Number.isInteger(dHead)) throw new Error(`hidden ${shape.hidden} is not divisible by ${shape.heads} heads`);
  const keep = g.op('Cast', [attentionMask], { to: attr.int(9) }); // BOOL: non-zero keeps the key position
  const keepMask = g.op('Unsqueeze', [keep, g.constInt64('attn.mask_axes', [1, 2])]);
  return {
    keepMask,
    fill: ops.scalar('attn.masked_fill', FLOAT32_LOWEST),
    splitHeads: g.constInt64('attn.split_heads_shape', [0, 0, shape.heads, dHead]),
    mergeHeads: g.constInt64('attn.merge_heads_shape', [0, 0, shape.hidden]),
    scale: ops.scalar('attn.scale', 1 / Math.sqrt(dHead)),
  };
}

/** Self-attention on x [B, S, H]; returns [B, S, H]. */
export function multiHeadSelfAttention(ops: TransformerOps, x: string, c: AttentionConstants, shape: AttentionShape, stem: string): string {
  const g = ops.g;
  const h = shape.hidden;
  const heads = (y: string, perm: number[]): string => g.op('Transpose', [g.op('Reshape', [y, c.splitHeads])], { perm: attr.ints(perm) });
  const q = heads(ops.linear(x, h, h, `${stem}.q_lin`), [0, 2, 1, 3]); // [B, n, S, d]
  const k = heads(ops.linear(x, h, h, `${stem}.k_lin`), [0, 2, 3, 1]); // [B, n, d, S]
  const v = heads(ops.linear(x, h, h, `${stem}.v_lin`), [0, 2, 1, 3]); // [B, n, S, d]
  const scores = g.op('MatMul', [g.op('Mul', [q, c.scale]), k]); // [B, n, S, S]
  const masked = g.op('Where', [c.keepMask, scores, c.fill]);
  const weights = g.op('Softmax', [masked], { axis: attr.int(-1) });
  const context = g.op('MatMul', [weights, v]); // [B, n, S, d]
  const s = ops.macSeqLen;
  g.count(0, 2 * s * s * h); // scores and weights·v, summed over the heads
  const merged = g.op('Reshape', [g.op('Transpose', [context], { perm: attr.ints([0, 2, 1, 3]) }), c.mergeHeads]);
  return ops.linear(merged, h, h, `${stem}.out_lin`);
}
