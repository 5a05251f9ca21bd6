/**
 * BERT's responses in MLPerf's accuracy log, in the layout language/bert/accuracy-squad.py reads
 * (load_loadgen_log): one response per feature of the reference's feature list (convert_examples_to_features with
 * max_seq_length 384, doc_stride 128, max_query_length 64: every window of every question in turn, qsl_idx its
 * index), its data the feature's tokens' logits as float32 pairs `[start_0, end_0, start_1, end_1, …]` (the script
 * reshapes to (-1, 2) and pads to 384 with -10000).
 *
 * The reference cuts a long context into windows starting every doc_stride (128) tokens; this suite's windows are
 * Hugging Face run_qa's (consecutive windows share 128 tokens), so a question whose context needs more than one
 * window has features the suite never ran. Such a question's slots are numbered (so every later qsl_idx stays the
 * reference's) but not logged; accuracy-squad.py then finds no result for it and scores it as missed. A question
 * that fits one window (in both) is the same feature token for token: `[CLS] question [SEP] context [SEP]`.
 */
import type { SquadPredictionRecord } from '@modelbench/accuracy';
import { float32Bytes, type MlperfAccuracyEncoder } from '@modelbench/harness';
import type { SquadAccuracyAnswer, SquadAccuracySample } from './accuracy.ts';

/** The reference's convert_examples_to_features settings (accuracy-squad.py). */
export const REFERENCE_FEATURES = { maxSeqLength: 384, docStride: 128, maxQueryLength: 64 } as const;

/** How many features (windows) the reference makes of a context of `contextTokens` after a question of `questionTokens`. */
export function referenceWindowCount(contextTokens: number, questionTokens: number): number {
  const q = Math.min(questionTokens, REFERENCE_FEATURES.maxQueryLength);
  const maxTokensForDoc = REFERENCE_FEATURES.maxSeqLength - q - 3;
  let count = 0;
  for (let start = 0; start < contextTokens; ) {
    const length = Math.min(contextTokens - start, maxTokensForDoc);
    count++;
    if (start + length === contextTokens) break;
    start += Math.min(length, REFERENCE_FEATURES.docStride);
  }
  return count;
}

/** A feature's logits interleaved per token, float32. */
export function interleavedLogits(start: ArrayLike<number>, end: ArrayLike<number>): Uint8Array {
  const values: number[] = [];
  for (let t = 0; t < start.length; t++) values.push(start[t]!, end[t]!);
  return float32Bytes(values);
}

export const bertMlperfAccuracy: MlperfAccuracyEncoder<SquadAccuracyAnswer, SquadAccuracySample, SquadPredictionRecord> = {
  indexing: 'response',
  encode(answer, sample) {
    const reference = referenceWindowCount(sample.contextTokens.ids.length, sample.questionTokens.ids.length);
    if (reference !== 1 || answer.logits.length !== 1) return Array<null>(reference).fill(null);
    return [interleavedLogits(answer.logits[0]!.start, answer.logits[0]!.end)];
  },
  checkCommand: 'python3 language/bert/accuracy-squad.py --log_file {log} --val_data dev-v1.1.json --vocab_file vocab.txt --output_dtype float32',
};
