/**
 * What a workload supplies for the `accuracy` mode: its data set (loaded and checked before any model work, samples
 * decoded lazily one at a time so 50,000 images are never all in memory), how one sample runs through a session (its
 * pure preprocess/postprocess, one or several model calls: BERT runs every window of a long context), and the
 * prediction's record in the task's standard format. The harness owns the flow: flags, sessions (fp32 and the
 * candidate), the resumable JSONL files and manifests, the standard files (top-k JSONL, SQuAD predictions.json and
 * na_prob.json, COCO results JSON), scoring through @modelbench/accuracy's `scoreRuns`, the 99 % rule and the changes.
 *
 * Type parameters: B the bound adapter, S one sample (an image, a question), P the workload's prediction, AF the
 * workload's own accuracy flags.
 */
import type { FlagSpecs, ParsedFlags } from '@modelbench/core';
import type { Feeds, Outputs } from '@modelbench/backends';
import type { AccuracyManifest, AccuracyTask, CocoImageRecord, ImagenetPrediction, SquadPredictionRecord } from '@modelbench/accuracy';
import type { AccuracyFlagSpecs } from './modes/accuracy-flags.ts';
import type { ModelSignature } from './adapters.ts';
import type { MlperfAccuracyEncoder } from './mlperf-accuracy-files.ts';

/** One sample's record in its task's JSONL: ImageNet top-k, a SQuAD answer (+ no-answer score), a COCO image's results. */
export interface AccuracyRecordByTask {
  imagenet: ImagenetPrediction;
  squad: SquadPredictionRecord;
  coco: CocoImageRecord;
}
export type AccuracyRecord = AccuracyRecordByTask[AccuracyTask];

/** A data set, checked; its samples are loaded one at a time by index. */
export interface AccuracyDataset<S> {
  /** the manifest's `dataset` block: path, annotations file, sha256 of the ground truth, total, layout */
  identity: AccuracyManifest['dataset'];
  /** samples in the whole data set (before --offset / --limit) */
  count: number;
  /** the key of sample `index` in the predictions (ImageNet: file; SQuAD: question id; COCO: image id), without loading it */
  keyAt(index: number): string;
  /** loads (decodes, tokenises) sample `index`; bad bytes are a BAD_INPUT error naming the file */
  load(index: number): Promise<S>;
  /** lines printed under the header, e.g. 'data set: 6 images, labels file val_map.txt' */
  describe?(): string[];
}

export interface AccuracyDatasetContext<AF extends FlagSpecs> {
  flags: ParsedFlags<AccuracyFlagSpecs & AF>;
  positionals: readonly string[];
}

/** What `run` gets: the bound adapter and the session to call (as often as the sample needs). */
export interface AccuracyRunContext<B> {
  bound: B;
  infer(feeds: Feeds, outputNames: readonly string[]): Promise<Outputs>;
}

export interface AccuracyDefinition<B, S, P, AF extends FlagSpecs = FlagSpecs> {
  /** the workload's own flags (data set options, pre-processing, n-best size…); the harness adds the shared ones */
  flags: AF;
  /** the data set kind, which decides the record format, the standard files and the scoring */
  task: AccuracyTask;
  /** loads and checks the data set (labels, annotations, every listed file present) before any model work */
  loadDataset(ctx: AccuracyDatasetContext<AF>): Promise<AccuracyDataset<S>>;
  /**
   * Checks, once per session after the model is loaded and bound but before any sample runs or any file is written,
   * that the data set fits the model (e.g. labels the model's classes cannot produce): throws BAD_INPUT.
   */
  checkModel?(dataset: AccuracyDataset<S>, bound: B, signature: ModelSignature): void;
  /** one sample: preprocess → one or more model calls → postprocess (the workload's pure functions) */
  run(sample: S, ctx: AccuracyRunContext<B>): Promise<P>;
  /** the sample's record in the task's standard format; its key must equal `dataset.keyAt` of the sample */
  toPrediction(prediction: P, sample: S): AccuracyRecord;
  /** the flags that change predictions (pre-processing preset, n-best size, iouTypes…), kept in the manifest */
  manifestFlags(flags: ParsedFlags<AccuracyFlagSpecs & AF>): Record<string, string | number | boolean | null>;
  /** how a prediction is logged in MLPerf's mlperf_log_accuracy.json (the workload's mlperf-accuracy.ts) */
  mlperf?: MlperfAccuracyEncoder<P, S, AccuracyRecord>;
}
