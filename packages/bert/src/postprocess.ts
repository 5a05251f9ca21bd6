/**
 * n-best answer spans, as Hugging Face `utils_qa.postprocess_qa_predictions` does for SQuAD v1.1: per feature, the
 * top-n start and top-n end indexes (not every pair), kept when both tokens are context tokens, end ≥ start and the span
 * is at most max_answer_length tokens; score = start logit + end logit; the best n over all features of the example,
 * text cut from the original context by the offsets. Indexes are taken among the feature's own (unpadded) positions,
 * so padding never changes the answer.
 */
import { BenchError } from '@modelbench/core';
import type { Outputs } from '@modelbench/backends';
import { requireOutput } from '@modelbench/harness';
import { rowOf, type TokenBatch } from './lib/batch.ts';
import type { QaFeature } from './lib/features.ts';
import type { QaContext } from './preprocess.ts';

export interface NBestOptions {
  nBest: number;
  maxAnswerLen: number;
}

export const SQUAD_NBEST_DEFAULTS: NBestOptions = { nBest: 20, maxAnswerLen: 30 };

export interface AnswerSpan {
  text: string;
  /** [startChar, endChar) in UTF-16 units of the context */
  startChar: number;
  endChar: number;
  score: number;
  startLogit: number;
  endLogit: number;
  /** softmax of the scores over the returned n-best */
  probability: number;
  feature: number;
  startToken: number;
  endToken: number;
}

/** Indexes of the k largest values, largest first; ties keep the lower index first. */
export function topIndexes(values: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  return idx.slice(0, k);
}

export interface FeatureLogits {
  start: ArrayLike<number>;
  end: ArrayLike<number>;
}

export function nBestAnswers(context: string, features: readonly QaFeature[], logits: readonly FeatureLogits[], o: NBestOptions = SQUAD_NBEST_DEFAULTS): AnswerSpan[] {
  if (logits.length !== features.length) throw new Error(`nBestAnswers: ${logits.length} logits for ${features.length} features`);
  const candidates: Omit<AnswerSpan, 'probability'>[] = [];
  features.forEach((f, fi) => {
    const n = f.inputIds.length;
    const { start, end } = logits[fi]!;
    if (start.length < n || end.length < n) throw new Error(`nBestAnswers: feature ${fi} has ${n} tokens but ${Math.min(start.length, end.length)} logits`);
    const startList = topIndexes(Array.prototype.slice.call(start, 0, n) as number[], o.nBest);
    const endList = topIndexes(Array.prototype.slice.call(end, 0, n) as number[], o.nBest);
    for (const s of startList) {
      for (const e of endList) {
        const so = f.contextOffsets[s];
        const eo = f.contextOffsets[e];
        if (!so || !eo) continue;
        if (e < s || e - s + 1 > o.maxAnswerLen) continue;
        const startLogit = start[s] as number;
        const endLogit = end[e] as number;
        candidates.push({ text: context.slice(so[0], eo[1]), startChar: so[0], endChar: eo[1], score: startLogit + endLogit, startLogit, endLogit, feature: fi, startToken: s, endToken: e });
      }
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.feature - b.feature || a.startToken - b.startToken || a.endToken - b.endToken);
  const best = candidates.slice(0, o.nBest);
  const top = best[0]?.score ?? 0;
  const exps = best.map((c) => Math.exp(c.score - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return best.map((c, i) => ({ ...c, probability: exps[i]! / sum }));
}

/** The start and end logits of a run, as float32 [batch, seqLen]. */
export function readLogits(outputs: Outputs, names: readonly [string, string], batch: Pick<TokenBatch, 'batch' | 'seqLen'>): { start: Float32Array; end: Float32Array } {
  const pick = (name: string): Float32Array => {
    const t = requireOutput(outputs, name);
    if (!(t.data instanceof Float32Array)) throw new BenchError('MODEL_SIGNATURE', `output '${name}' is ${t.type}, expected float32`);
    if (t.data.length !== batch.batch * batch.seqLen) {
      throw new BenchError('MODEL_SIGNATURE', `output '${name}' has shape [${t.dims}], expected [${batch.batch},${batch.seqLen}]`);
    }
    return t.data;
  };
  return { start: pick(names[0]), end: pick(names[1]) };
}

/** One question's prediction: the n-best spans and, per window, the logits over its real tokens. */
export interface QaAnswer {
  /** best span, undefined when no valid span was found */
  best: AnswerSpan | undefined;
  nBest: AnswerSpan[];
  startLogits: Float32Array[];
  endLogits: Float32Array[];
  /** windows the context was cut into, of at most maxSeqLen tokens */
  windows: number;
  maxSeqLen: number;
  /** the feature builder's warnings (a truncated question) */
  warnings: string[];
}

/** Outputs of `preprocessQuestion`'s feeds → the answer, from the features in its context (not built again). */
export function answerOf(outputs: Outputs, context: QaContext, outputNames: readonly [string, string]): QaAnswer {
  const { start, end } = readLogits(outputs, outputNames, { batch: context.rows, seqLen: context.seqLen });
  const startLogits = context.lengths.map((n, row) => Float32Array.from(rowOf(start, context.seqLen, row, n)));
  const endLogits = context.lengths.map((n, row) => Float32Array.from(rowOf(end, context.seqLen, row, n)));
  const nBest = nBestAnswers(context.text, context.features, startLogits.map((s, i) => ({ start: s, end: endLogits[i]! })), SQUAD_NBEST_DEFAULTS);
  return { best: nBest[0], nBest, startLogits, endLogits, windows: context.features.length, maxSeqLen: context.maxSeqLen, warnings: context.warnings };
}
