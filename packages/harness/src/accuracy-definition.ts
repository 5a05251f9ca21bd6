/**
 * What a workload supplies for the `accuracy` mode: its data set (loaded and checked before any model work, samples
 * decoded lazily one at a time so 50,000 images are never all in memory), each item the workload's own sample (the
 * type its pipeline and `validate` take) with what the data set knows of it (key, label, scoring options), and the
 * prediction's record in the task's standard format. Every sample runs through the workload's one pipeline
 * (pipeline.ts: preprocess → model calls → postprocess); a workload whose data set needs more than the pipeline's
 * prediction (BERT: the reference's features for MLPerf's log, MLPerf's own answer rule) wraps it in `run`. The
 * harness owns the flow: flags, sessions (fp32 and the candidate), the resumable JSONL files and manifests, the standard files (top-k JSONL, SQuAD predictions.json and
 * na_prob.json, COCO results JSON), scoring through @modelbench/accuracy's `scoreRuns`, the 99 % rule and the changes.
 *
 * Type parameters: B the bound adapter, S the workload's sample (a photo, a question), P its pipeline's prediction, M
 * what the data set knows of a sample, AF the workload's own accuracy flags, AP the prediction recorded (P unless
 * `run` extends it).
 */
import type { FlagSpecs, ParsedFlags } from '@modelbench/core';
import type { Feeds, Outputs } from '@modelbench/backends';
import type { AccuracyManifest, AccuracyTask, CocoImageRecord, ImagenetPrediction, SquadPredictionRecord } from '@modelbench/accuracy';
import type { ModelChoice } from './run-options.ts';
import type { ModelSignature } from './adapters.ts';
import type { MlperfAccuracyEncoder } from './mlperf-accuracy-files.ts';

/** One sample's record in its task's JSONL: ImageNet top-k, a SQuAD answer (+ no-answer score), a COCO image's results. */
export interface AccuracyRecordByTask {
  imagenet: ImagenetPrediction;
  squad: SquadPredictionRecord;
  coco: CocoImageRecord;
}
export type AccuracyRecord = AccuracyRecordByTask[AccuracyTask];

/** One sample of a data set: the workload's own sample, and what the data set knows of it (its key, its label, the
 * scoring options of the run). */
export interface AccuracyItem<S, M> {
  sample: S;
  meta: M;
}

/** A data set, checked; its samples are loaded one at a time by index. */
export interface AccuracyDataset<S, M = unknown> {
  /** the manifest's `dataset` block: path, annotations file, sha256 of the ground truth, total, layout */
  identity: AccuracyManifest['dataset'];
  /** samples in the whole data set (before --offset / --limit) */
  count: number;
  /** the key of sample `index` in the predictions (ImageNet: file; SQuAD: question id; COCO: image id), without loading it */
  keyAt(index: number): string;
  /** loads (decodes, tokenises) sample `index`; bad bytes are a BAD_INPUT error naming the file */
  load(index: number): Promise<AccuracyItem<S, M>>;
  /** lines printed under the header, e.g. 'data set: 6 images, labels file val_map.txt' */
  describe?(): string[];
}

/** What a workload's accuracy hooks are told of the run, typed: its own options, the data set, the model asked for. */
export interface AccuracyOptions<AF extends FlagSpecs> {
  /** the workload's own accuracy options, parsed from its own flag table (flags.ts ownOptionsOf): nothing else */
  options: ParsedFlags<AF>;
  /** --dataset (undefined: the workload says what it needs, or uses its shipped sample) */
  dataset: string | undefined;
  /** which model the user asked for (--model, --model-id) */
  modelOptions: ModelChoice;
}

export interface AccuracyDatasetContext<AF extends FlagSpecs> extends AccuracyOptions<AF> {
  positionals: readonly string[];
}

/** What `run` gets: the bound adapter and the session to call (as often as the sample needs). */
export interface AccuracyRunContext<B> {
  bound: B;
  infer(feeds: Feeds, outputNames: readonly string[]): Promise<Outputs>;
}

export interface AccuracyDefinition<B, S, P, M, AF extends FlagSpecs = FlagSpecs, AP = P> {
  /** the workload's own flags (data set options, pre-processing, n-best size…); the harness adds the shared ones */
  flags: AF;
  /** the data set kind, which decides the record format, the standard files and the scoring */
  task: AccuracyTask;
  /** loads and checks the data set (labels, annotations, every listed file present) before any model work */
  loadDataset(ctx: AccuracyDatasetContext<AF>): Promise<AccuracyDataset<S, M>>;
  /**
   * Checks, once per session after the model is loaded and bound but before any sample runs or any file is written,
   * that the data set fits the model (e.g. labels the model's classes cannot produce): throws BAD_INPUT.
   */
  checkModel?(dataset: AccuracyDataset<S, M>, bound: B, signature: ModelSignature): void;
  /**
   * Only where the record needs more than the pipeline's prediction: one item through the workload's pipeline
   * (runPipeline) and whatever else it needs. Without it, an item's prediction is the pipeline's on `item.sample`, as `validate`'s.
   */
  run?(item: AccuracyItem<S, M>, ctx: AccuracyRunContext<B>): Promise<AP>;
  /** the sample's record in the task's standard format; its key must equal `dataset.keyAt` of the sample */
  toPrediction(prediction: AP, item: AccuracyItem<S, M>): AccuracyRecord;
  /** the flags that change predictions (pre-processing preset, n-best size, iouTypes…), kept in the manifest */
  manifestFlags(o: AccuracyOptions<AF>): Record<string, string | number | boolean | null>;
  /** how a prediction is logged in MLPerf's mlperf_log_accuracy.json (the workload's mlperf-accuracy.ts) */
  mlperf?: MlperfAccuracyEncoder<AP, AccuracyItem<S, M>, AccuracyRecord>;
}
