/**
 * Answers questions with a loaded model: builds the features (windows sized to the model's fixed sequence length, if
 * it has one), runs every window of an example in one batch, and post-processes the logits into the n-best spans.
 */
import type { LoadedModel } from '@modelbench/backends';
import type { ModelSignature } from '@modelbench/harness';
import { readLogits, type QaAdapter } from './adapters.ts';
import type { QaOutcome } from './agreement.ts';
import { packBatch, rowOf } from './batch.ts';
import { buildQaExample, SQUAD_FEATURE_DEFAULTS, type FeatureOptions, type QaExample } from './features.ts';
import { nBestAnswers, SQUAD_NBEST_DEFAULTS, type AnswerSpan } from './postprocess.ts';
import type { QaTokenizer } from './tokenizer.ts';

export interface QaAnswer extends QaOutcome {
  nBest: AnswerSpan[];
}

/** Feature options for this model: max sequence = the model's fixed length when it has one (bertsquad-12: 256). */
export function featureOptionsFor(adapter: QaAdapter, sig: ModelSignature, overrides: Partial<FeatureOptions> = {}): FeatureOptions {
  const fixed = adapter.fixedSeqLen(sig);
  return { ...SQUAD_FEATURE_DEFAULTS, ...overrides, ...(fixed !== null ? { maxSeqLen: fixed } : {}) };
}

export async function runExample(loaded: LoadedModel, adapter: QaAdapter, tokenizer: QaTokenizer, example: QaExample): Promise<QaAnswer> {
  const fixed = adapter.fixedSeqLen(loaded);
  const batch = packBatch(example.features, tokenizer.padId, fixed ?? undefined);
  const names = adapter.outputNames(loaded);
  const outputs = await loaded.run(adapter.feeds(batch, loaded), names);
  const { start, end } = readLogits(outputs, names, batch);
  const startLogits = batch.lengths.map((n, row) => Float32Array.from(rowOf(start, batch.seqLen, row, n)));
  const endLogits = batch.lengths.map((n, row) => Float32Array.from(rowOf(end, batch.seqLen, row, n)));
  const nBest = nBestAnswers(example.context, example.features, startLogits.map((s, i) => ({ start: s, end: endLogits[i]! })), SQUAD_NBEST_DEFAULTS);
  return { best: nBest[0], nBest, startLogits, endLogits };
}

export async function answerQuestion(loaded: LoadedModel, adapter: QaAdapter, tokenizer: QaTokenizer, question: string, context: string, options?: Partial<FeatureOptions>): Promise<{ example: QaExample; answer: QaAnswer }> {
  const example = await buildQaExample(tokenizer, question, context, featureOptionsFor(adapter, loaded, options));
  return { example, answer: await runExample(loaded, adapter, tokenizer, example) };
}
