/**
 * n-best answer spans, as Hugging Face `utils_qa.postprocess_qa_predictions` gives them for SQuAD v1.1 — computed by
 * the suite's one run_qa routine (@modelbench/accuracy `postprocessQaPrediction`, the code `accuracy` scores with:
 * per feature the top-n start and end positions, not every pair, among equal logits the higher position first; pairs
 * in the context, end ≥ start, at most max_answer_length tokens; score = start + end logit in float32; the best n
 * over all features, stable by score), each with its characters in the context and its feature and token positions.
 * Positions are taken among the feature's own (unpadded) tokens, so padding never changes the answer.
 */
import { BenchError } from '@modelbench/core';
import { postprocessQaPrediction } from '@modelbench/accuracy';
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

export interface FeatureLogits {
  start: ArrayLike<number>;
  end: ArrayLike<number>;
}

export function nBestAnswers(context: string, features: readonly QaFeature[], logits: readonly FeatureLogits[], o: NBestOptions = SQUAD_NBEST_DEFAULTS): AnswerSpan[] {
  if (logits.length !== features.length) throw new Error(`nBestAnswers: ${logits.length} logits for ${features.length} features`);
  const windows = features.map((f, fi) => {
    const n = f.inputIds.length;
    const { start, end } = logits[fi]!;
    if (start.length < n || end.length < n) throw new Error(`nBestAnswers: feature ${fi} has ${n} tokens but ${Math.min(start.length, end.length)} logits`);
    return { startLogits: Array.prototype.slice.call(start, 0, n) as number[], endLogits: Array.prototype.slice.call(end, 0, n) as number[], offsets: f.contextOffsets };
  });
  const { nbest } = postprocessQaPrediction(context, windows, { nBestSize: o.nBest, maxAnswerLength: o.maxAnswerLen, version2WithNegative: false });
  // the "empty" placeholder run_qa adds when no span is valid has no span: no answer
  return nbest.flatMap((e) =>
    e.span ? [{ text: e.text, startChar: e.span.startChar, endChar: e.span.endChar, score: e.score, startLogit: e.startLogit, endLogit: e.endLogit, probability: e.probability, feature: e.span.window, startToken: e.span.startToken, endToken: e.span.endToken }] : [],
  );
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
