/**
 * What a bound QA model can take, checked before any model work: token ids below its vocabulary rows (else the
 * tokenizer is not the model's), sequences no longer than its position embeddings, and the SQuAD window sizes for a
 * model whose sequence length is fixed (or limited by its positions) below SQuAD's 384: the reference's
 * 384 / 128 / 64 (max sequence / doc stride / max query) scaled in the same 6 : 2 : 1 proportion. Pure.
 */
import { BenchError } from '@modelbench/core';
import type { QaBinding } from '../adapters.ts';
import { SQUAD_FEATURE_DEFAULTS, type FeatureOptions } from './features.ts';

type Limits = Pick<QaBinding, 'fixedSeqLen' | 'maxPositions' | 'vocabRows'>;

/** The longest sequence the model takes: its fixed length, else SQuAD's 384 or its position count if fewer. */
export function maxSeqLenFor(bound: Limits): number {
  if (bound.fixedSeqLen !== null) return bound.fixedSeqLen;
  return bound.maxPositions !== null ? Math.min(SQUAD_FEATURE_DEFAULTS.maxSeqLen, bound.maxPositions) : SQUAD_FEATURE_DEFAULTS.maxSeqLen;
}

/** SQuAD's feature options at the model's length: the defaults at 384 or more, scaled 6 : 2 : 1 below. */
export function windowOptionsFor(bound: Limits): FeatureOptions {
  const maxSeqLen = maxSeqLenFor(bound);
  const d = SQUAD_FEATURE_DEFAULTS;
  const lengthNote = bound.fixedSeqLen !== null ? `this model's sequence length is fixed at ${maxSeqLen}` : maxSeqLen < d.maxSeqLen ? `this model has ${maxSeqLen} positions` : undefined;
  if (maxSeqLen >= d.maxSeqLen) return { ...d, maxSeqLen, ...(lengthNote ? { lengthNote } : {}) };
  return {
    maxSeqLen,
    docStride: Math.max(1, Math.floor((maxSeqLen * d.docStride) / d.maxSeqLen)),
    maxQueryLen: Math.max(1, Math.floor((maxSeqLen * d.maxQueryLen) / d.maxSeqLen)),
    ...(lengthNote ? { lengthNote } : {}),
  };
}

/** The line saying SQuAD's windows were scaled to the model, or null at the reference's sizes. */
export function windowNote(o: FeatureOptions): string | null {
  const d = SQUAD_FEATURE_DEFAULTS;
  if (o.docStride === d.docStride && o.maxQueryLen === d.maxQueryLen) return null;
  return `${o.lengthNote ?? `the model takes ${o.maxSeqLen} tokens`}: windows of ${o.maxSeqLen} tokens with a stride of ${o.docStride}, questions cut at ${o.maxQueryLen} tokens (SQuAD's 384 / 128 / 64 scaled to it)`;
}

/** Refuses a tokenizer whose ids go past the model's word-embedding rows. */
export function checkTokenizerFits(tokenizerVocab: number, bound: Limits, tokenizerSource: string): void {
  if (bound.vocabRows === null || tokenizerVocab <= bound.vocabRows) return;
  throw new BenchError('USAGE', `the tokenizer does not match the model: ${tokenizerSource} has ${tokenizerVocab} token ids, the model's vocabulary only ${bound.vocabRows} rows`, {
    hint: 'pass the tokenizer that came with the model: --tokenizer path/to/its/tokenizer.json (or vocab.txt)',
  });
}

/** Refuses a --seq-len longer than the model's position embeddings. */
export function checkSeqLenFits(seqLen: number, bound: Limits): void {
  if (bound.maxPositions === null || seqLen <= bound.maxPositions) return;
  throw new BenchError('USAGE', `--seq-len ${seqLen} is more than this model's ${bound.maxPositions} positions (the rows of its position embeddings)`, {
    hint: `pass --seq-len ${bound.maxPositions} or less`,
  });
}
