/**
 * BERT's `accuracy`: a SQuAD v1.1 or v2.0 dev JSON scored with the official EM/F1. Each question is tokenised when it
 * runs; its context is cut into every window by the project's own windowing (run_qa's doc stride; tokenizers
 * 0.23.2's overflow returns too few windows), all windows run through the workload's one pipeline (pipeline.ts, as `validate`),
 * and the answer is chosen over all windows by Hugging Face run_qa's `postprocess_qa_predictions` (n-best 20, max
 * answer length 30; for v2.0 the null answer against `--null-score-diff-threshold`, the score difference saved as
 * na_prob.json). Records are `{id, text, noAnswerScore}`.
 */
import { BenchError, type FlagSpecs } from '@modelbench/core';
import { checkSquadAnswerOffsets, loadSquadDataset, postprocessQaPrediction, RUN_QA_DEFAULTS, squadDatasetIdentity, type NbestOptions, type QaPrediction, type SquadPredictionRecord } from '@modelbench/accuracy';
import { runPipeline, type AccuracyDataset, type AccuracyDefinition, type AccuracyItem } from '@modelbench/harness';
import type { QaBinding } from './adapters.ts';
import { DEFAULT_TOKENIZER } from './lib/defaults.ts';
import { SQUAD_FEATURE_DEFAULTS } from './lib/features.ts';
import { loadQaTokenizer } from './lib/tokenizer.ts';
import { bertMlperfAccuracy, mlperfRuleAnswer, referenceFeatureLogits, referenceWindowCount, squadFeatureNumbering, type FeatureLogits, type MlperfAnswerRule } from './mlperf-accuracy.ts';
import { qaSample, type QaSample } from './samples.ts';
import type { QaAnswer } from './postprocess.ts';
import { bertPipeline } from './pipeline.ts';

export const bertAccuracyFlags = {
  tokenizer: { kind: 'string', value: 'FILE', default: DEFAULT_TOKENIZER, description: 'tokenizer.json or vocab.txt of the model' },
  'n-best-size': { kind: 'positiveInt', default: RUN_QA_DEFAULTS.nBestSize, description: 'start and end positions tried per window, and answers kept (run_qa\'s n_best_size)' },
  'max-answer-length': { kind: 'positiveInt', default: RUN_QA_DEFAULTS.maxAnswerLength, description: 'longest answer in tokens (run_qa\'s max_answer_length)' },
  'null-score-diff-threshold': { kind: 'number', default: RUN_QA_DEFAULTS.nullScoreDiffThreshold, description: 'SQuAD v2.0: answer "" when the null score beats the best span by more than this' },
  'mlperf-answers': { kind: 'boolean', description: "answer as MLPerf's accuracy-squad.py does (its 384 / 128 / 64 windows, maximum-context rule, get_final_text; n-best 20, max answer 30), so the EM/F1 printed is what the script computes from this run's mlperf_log_accuracy.json; SQuAD v1.1" },
} as const satisfies FlagSpecs;

type Flags = typeof bertAccuracyFlags;

/** The SQuAD-style sample shipped in packages/bert/fixtures (relative to the repository root, where Nx runs). */
export const SHIPPED_SQUAD = 'packages/bert/fixtures/squad-v1.1-style-tiny.json';

/** What the data set knows of one question, beside the workload's sample (the tokenised question, as `validate`'s). */
export interface SquadQuestionMeta {
  id: string;
  /** the post-processing options of the run (flags and the data set's version) */
  nbest: NbestOptions;
  /** MLPerf's qsl_idx of this question's first feature (mlperf-accuracy.ts); without it the log numbers from the run's first question */
  firstFeature?: number;
  /** --mlperf-answers: answered by accuracy-squad.py's rule (mlperf-accuracy.ts mlperfRuleAnswer) */
  mlperfRule?: MlperfAnswerRule;
}

/** One question of a SQuAD set: the workload's QaSample and what the data set knows of it. */
export type SquadAccuracyItem = AccuracyItem<QaSample, SquadQuestionMeta>;

export interface SquadAccuracyAnswer {
  prediction: QaPrediction;
  windows: number;
  /** MLPerf's accuracy log: each of the reference's features' logits over its tokens, null where the model cannot take it (mlperf-accuracy.ts) */
  logits: (FeatureLogits | null)[];
}

export const bertAccuracy: AccuracyDefinition<QaBinding, QaSample, QaAnswer, SquadQuestionMeta, Flags, SquadAccuracyAnswer> = {
  flags: bertAccuracyFlags,
  task: 'squad',
  async loadDataset({ options: f, dataset, positionals }): Promise<AccuracyDataset<QaSample, SquadQuestionMeta>> {
    if (positionals.length > 0) throw new BenchError('USAGE', `bert accuracy: unexpected argument '${positionals[0]}'`, { hint: 'pass the data set as --dataset FILE' });
    if (!dataset) {
      throw new BenchError('USAGE', `bert accuracy: no --dataset (a SQuAD v1.1 or v2.0 dev JSON); a tiny one ships with the project: --dataset ${SHIPPED_SQUAD}`, {
        hint: `pass --dataset FILE (dev-v1.1.json, dev-v2.0.json), or try --dataset ${SHIPPED_SQUAD} (8 questions)`,
      });
    }
    const ds = loadSquadDataset(dataset);
    checkSquadAnswerOffsets(ds.questions, dataset); // the check `validate`'s SQuAD reader makes: the same files are refused
    if (ds.questions.length === 0) throw new BenchError('BAD_INPUT', `SQuAD file ${dataset} holds no questions`, { hint: 'pass a SQuAD dev JSON with data → paragraphs → qas' });
    const tokenizer = loadQaTokenizer(f.tokenizer);
    const version2 = ds.major === 2;
    const numbering = squadFeatureNumbering(tokenizer, ds.questions);
    if (f['mlperf-answers'] && version2) throw new BenchError('USAGE', `--mlperf-answers: ${dataset} is SQuAD v2.0; MLPerf's accuracy-squad.py answers and scores SQuAD v1.1`, { hint: 'drop --mlperf-answers for a v2.0 file, or pass a v1.1 file (dev-v1.1.json)' });
    const mlperfRule: MlperfAnswerRule | undefined = f['mlperf-answers'] ? { token: (id) => tokenizer.token(id) } : undefined;
    const nbest: NbestOptions = {
      nBestSize: f['n-best-size'],
      maxAnswerLength: f['max-answer-length'],
      version2WithNegative: version2,
      nullScoreDiffThreshold: f['null-score-diff-threshold'],
    };
    return {
      identity: squadDatasetIdentity(ds, dataset),
      count: ds.questions.length,
      keyAt: (i) => ds.questions[i]!.id,
      async load(i) {
        const q = ds.questions[i]!;
        const s = await qaSample(tokenizer, { label: `SQuAD ${q.id} (${q.title})`, id: q.id, question: q.question, context: q.context, references: q.answers });
        numbering.record(i, referenceWindowCount(s.contextTokens.ids.length, s.questionTokens.ids.length));
        return { sample: s, meta: { id: q.id, nbest, firstFeature: await numbering.firstOf(i), ...(mlperfRule ? { mlperfRule } : {}) } };
      },
      describe: () => [
        `data set: ${dataset} — SQuAD v${version2 ? '2.0' : '1.1'} (file version ${JSON.stringify(ds.version)}), ${ds.questions.length} questions` +
          (version2 ? `, ${ds.questions.filter((q) => !q.hasAnswer).length} without an answer` : ''),
        mlperfRule ? "post-processing: MLPerf's accuracy-squad.py (--mlperf-answers): its windows of 384 tokens every 128, n-best 20, max answer 30 tokens, maximum-context rule, get_final_text" : `post-processing: run_qa n-best over all windows (n-best ${f['n-best-size']}, max answer ${f['max-answer-length']} tokens${version2 ? `, null-score threshold ${f['null-score-diff-threshold']}` : ''}); ` +
          `windows of ≤ ${SQUAD_FEATURE_DEFAULTS.maxSeqLen} tokens (or the model's fixed length), doc stride ${SQUAD_FEATURE_DEFAULTS.docStride}`,
      ],
    };
  },
  // the pipeline's answer is validate's (one n-best over all windows); the record needs run_qa's (the v2.0 null
  // answer, the n-best flags) and the reference's feature logits for MLPerf's log, so `run` wraps the workload's pipeline (bertWorkload.pipeline)
  async run({ sample, meta }, { bound, infer }) {
    if (meta.mlperfRule) return mlperfRuleAnswer(sample, meta.mlperfRule, bound, infer);
    // the features pre-processing built are in the context: nothing is windowed twice
    const { prediction: answer, context } = await runPipeline(bertPipeline(bound), sample, infer);
    const { features } = context;
    const windows = features.map((feature, w) => ({ startLogits: answer.startLogits[w]!, endLogits: answer.endLogits[w]!, offsets: feature.contextOffsets }));
    const logits = await referenceFeatureLogits(sample, bound, features, features.map((_, w) => ({ start: answer.startLogits[w]!, end: answer.endLogits[w]! })), infer);
    return { prediction: postprocessQaPrediction(sample.context, windows, meta.nbest), windows: features.length, logits };
  },
  toPrediction: (a, { meta }): SquadPredictionRecord => ({ id: meta.id, text: a.prediction.text, noAnswerScore: a.prediction.scoreDiff }),
  manifestFlags: ({ options: f }) => ({ 'n-best-size': f['n-best-size'], 'max-answer-length': f['max-answer-length'], 'null-score-diff-threshold': f['null-score-diff-threshold'], tokenizer: f.tokenizer, 'mlperf-answers': f['mlperf-answers'] === true }),
  mlperf: bertMlperfAccuracy,
};
