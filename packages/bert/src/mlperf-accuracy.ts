/**
 * BERT's responses in MLPerf's accuracy log, in the layout language/bert/accuracy-squad.py reads
 * (load_loadgen_log): one response per feature of the reference's feature list (lib/reference-features.ts:
 * convert_examples_to_features at 384 / 128 / 64, every window of every question of the file in turn, qsl_idx its
 * index), its data the feature's tokens' logits as float32 pairs `[start_0, end_0, start_1, end_1, …]` (the script
 * reshapes to (-1, 2) and pads to 384 with -10000).
 *
 * The suite answers from run_qa's windows (consecutive windows share 128 tokens); the reference's start every 128
 * tokens. Both begin with the same first window, and a question that fits one window is the same feature in both, so
 * its logits are logged as run; the reference windows the suite did not run are run once more (one extra call per
 * question that needs several windows). A reference feature longer than the model takes (bertsquad-12 is fixed at
 * 256 tokens) cannot be run: its slot is numbered but not logged, and accuracy-squad.py scores that question from the
 * question's other features, or as missed.
 */
import { BenchError } from '@modelbench/core';
import type { Outputs } from '@modelbench/backends';
import type { SquadPredictionRecord } from '@modelbench/accuracy';
import { float32Bytes, type MlperfAccuracyEncoder } from '@modelbench/harness';
import type { SquadAccuracyAnswer, SquadAccuracyItem } from './accuracy.ts';
import type { QaBinding } from './adapters.ts';
import { MAX_WINDOWS_PER_CALL, packBatch, rowOf } from './lib/batch.ts';
import type { QaFeature } from './lib/features.ts';
import { maxSeqLenFor } from './lib/model-fit.ts';
import { FeatureNumbering, REFERENCE_FEATURES, referenceFeatures, referenceWindowCount } from './lib/reference-features.ts';
import { referencePrediction } from './lib/reference-predictions.ts';
import type { QaTokenizer } from './lib/tokenizer.ts';
import { readLogits } from './postprocess.ts';
import { batchFeeds } from './preprocess.ts';
import type { QaSample } from './samples.ts';

export { REFERENCE_FEATURES, referenceWindowCount } from './lib/reference-features.ts';

/** A feature's start and end logits over its tokens. */
export interface FeatureLogits {
  start: Float32Array;
  end: Float32Array;
}

/** A feature's logits interleaved per token, float32. */
export function interleavedLogits(start: ArrayLike<number>, end: ArrayLike<number>): Uint8Array {
  const values: number[] = [];
  for (let t = 0; t < start.length; t++) values.push(start[t]!, end[t]!);
  return float32Bytes(values);
}

const sameIds = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The logits of each of the reference's features of `sample`: those equal to a feature the suite ran (`ran`, with
 * their `logits`) are reused, the others run through `infer` (in calls of at most MAX_WINDOWS_PER_CALL windows,
 * padded to the model's fixed length if it has one); null for a feature longer than the model takes.
 */
export async function referenceFeatureLogits(
  sample: QaSample,
  bound: QaBinding,
  ran: readonly QaFeature[],
  logits: readonly FeatureLogits[],
  infer: (feeds: ReturnType<typeof batchFeeds>, names: readonly string[]) => Promise<Outputs>,
): Promise<(FeatureLogits | null)[]> {
  const features = referenceFeatures(sample.questionTokens, sample.contextTokens, sample.special);
  const longest = maxSeqLenFor(bound);
  const out = features.map((f): FeatureLogits | null | undefined => {
    const same = ran.findIndex((r) => sameIds(r.inputIds, f.inputIds));
    if (same >= 0) return logits[same]!;
    return f.inputIds.length > longest ? null : undefined;
  });
  const missing = out.flatMap((l, i) => (l === undefined ? [i] : []));
  for (let c = 0; c < missing.length; c += MAX_WINDOWS_PER_CALL) {
    const rows = missing.slice(c, c + MAX_WINDOWS_PER_CALL);
    const batch = packBatch(rows.map((i) => features[i]!), sample.special.padId, bound.fixedSeqLen ?? undefined);
    const { start, end } = readLogits(await infer(batchFeeds(batch, bound), bound.outputs), bound.outputs, batch);
    rows.forEach((i, row) => {
      const n = batch.lengths[row]!;
      out[i] = { start: Float32Array.from(rowOf(start, batch.seqLen, row, n)), end: Float32Array.from(rowOf(end, batch.seqLen, row, n)) };
    });
  }
  return out.map((l) => l ?? null);
}

/**
 * The reference's numbering of a SQuAD file's questions: each question's first feature. `tokenizer` counts the
 * features of a question the run did not tokenise (context token counts kept per paragraph text).
 */
export function squadFeatureNumbering(tokenizer: QaTokenizer, questions: readonly { question: string; context: string }[]): FeatureNumbering {
  const contextTokens = new Map<string, Promise<number>>();
  return new FeatureNumbering(questions.length, async (i) => {
    const q = questions[i]!;
    let c = contextTokens.get(q.context);
    if (!c) contextTokens.set(q.context, (c = tokenizer.encode(q.context).then((t) => t.ids.length)));
    const [question, context] = await Promise.all([tokenizer.encode(q.question.trimStart()), c]);
    return referenceWindowCount(context, question.ids.length);
  });
}

/** `--mlperf-answers`: the text accuracy-squad.py gives each question (lib/reference-predictions.ts), from the vocabulary's `token`. */
export interface MlperfAnswerRule {
  token: (id: number) => string;
}

/**
 * A question answered as MLPerf's accuracy-squad.py answers it from the run's log: every reference feature run (in
 * calls of at most MAX_WINDOWS_PER_CALL), the script's rule on their logits. The printed EM/F1 is then what the
 * script computes from the run's mlperf_log_accuracy.json. The model must take the reference's 384-token features.
 */
export async function mlperfRuleAnswer(
  sample: QaSample,
  rule: MlperfAnswerRule,
  bound: QaBinding,
  infer: (feeds: ReturnType<typeof batchFeeds>, names: readonly string[]) => Promise<Outputs>,
): Promise<SquadAccuracyAnswer> {
  const features = referenceFeatures(sample.questionTokens, sample.contextTokens, sample.special);
  const longest = maxSeqLenFor(bound);
  const tooLong = features.find((f) => f.inputIds.length > longest);
  if (tooLong) {
    throw new BenchError('USAGE', `--mlperf-answers: ${sample.label} has a feature of ${tooLong.inputIds.length} tokens (MLPerf's features are up to ${REFERENCE_FEATURES.maxSeqLength}), more than this model takes (${longest})`, {
      hint: `drop --mlperf-answers (the suite's run_qa answers fit the model), or use a model that takes ${REFERENCE_FEATURES.maxSeqLength} tokens`,
    });
  }
  const logits = await referenceFeatureLogits(sample, bound, [], [], infer);
  const text = referencePrediction({ context: sample.context, features, logits, token: rule.token });
  return { prediction: { text, nbest: [], scoreDiff: null }, windows: features.length, logits };
}

export const bertMlperfAccuracy: MlperfAccuracyEncoder<SquadAccuracyAnswer, SquadAccuracyItem, SquadPredictionRecord> = {
  indexing: 'response',
  encode: (answer) => answer.logits.map((l) => (l === null ? null : interleavedLogits(l.start, l.end))),
  firstSlot: (item) => item.meta.firstFeature,
  // the README's command (packages/bert/README.md, MLPerf accuracy log): a features cache of its own per data set
  checkCommand:
    'python3 language/bert/accuracy-squad.py --log_file {log} --val_data <the --dataset file> --vocab_file packages/bert/fixtures/vocab.txt --output_dtype float32 ' +
    '--features_cache_file /tmp/eval_features-<data set name>.pickle [--max_examples N after --limit N]; with --mlperf-answers it prints the EM/F1 above',
};
