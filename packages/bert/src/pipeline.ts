/**
 * BERT's one pipeline: a tokenised question → every window of its context as one batch of feeds, the features kept
 * as the context → the n-best answer over all windows. Bound once per session; validate and accuracy use it.
 */
import type { Pipeline } from '@modelbench/harness';
import type { QaBinding } from './adapters.ts';
import { MAX_WINDOWS_PER_CALL } from './lib/batch.ts';
import { answerOf, type QaAnswer } from './postprocess.ts';
import { preprocessQuestion, type QaContext } from './preprocess.ts';
import type { QaSample } from './samples.ts';

export function bertPipeline(bound: QaBinding): Pipeline<QaSample, QaAnswer, QaContext> {
  return {
    outputNames: bound.outputs,
    maxRowsPerCall: MAX_WINDOWS_PER_CALL,
    preprocess: (sample) => preprocessQuestion(sample, bound),
    postprocess: (outputs, context) => answerOf(outputs, context, bound.outputs),
  };
}
