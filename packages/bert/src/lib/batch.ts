/**
 * Packs features into int64 [batch, sequence] tensors: ids, attention mask and token types, padded with [PAD] to the
 * longest feature or to a fixed `padTo` length (`--seq-len`).
 */
import { BenchError } from '@modelbench/core';
import type { QaFeature } from './features.ts';

/**
 * Windows of one question run per model call at most: a long context's windows go in chunks of this many, so the
 * model's activations (batch × sequence × hidden, and batch × heads × sequence² in attention) stay bounded.
 */
export const MAX_WINDOWS_PER_CALL = 16;

export interface TokenBatch {
  batch: number;
  seqLen: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
  /** unpadded length of each row */
  lengths: number[];
}

export function packBatch(features: readonly QaFeature[], padId: number, padTo?: number): TokenBatch {
  if (features.length === 0) throw new BenchError('INTERNAL', 'packBatch: no features');
  const longest = Math.max(...features.map((f) => f.inputIds.length));
  const seqLen = padTo ?? longest;
  if (seqLen < longest) {
    throw new BenchError('USAGE', `--seq-len ${seqLen} is shorter than a feature of ${longest} tokens`, { hint: `use --seq-len ${longest} or more` });
  }
  const n = features.length * seqLen;
  const inputIds = new BigInt64Array(n).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(n);
  const tokenTypeIds = new BigInt64Array(n);
  features.forEach((f, row) => {
    const base = row * seqLen;
    for (let i = 0; i < f.inputIds.length; i++) {
      inputIds[base + i] = BigInt(f.inputIds[i]!);
      attentionMask[base + i] = 1n;
      tokenTypeIds[base + i] = BigInt(f.tokenTypeIds[i]!);
    }
  });
  return { batch: features.length, seqLen, inputIds, attentionMask, tokenTypeIds, lengths: features.map((f) => f.inputIds.length) };
}

/** Row `row` of a [batch, seqLen] float output, cut to `length` positions. */
export function rowOf(data: Float32Array, seqLen: number, row: number, length = seqLen): Float32Array {
  return data.subarray(row * seqLen, row * seqLen + length);
}
