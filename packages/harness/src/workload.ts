/**
 * The Workload contract: everything the harness needs to run a workload's modes (`performance`, `validate`, later
 * `accuracy` and the load scenarios) from one definition per package. A workload supplies its signature adapters,
 * how it loads samples, its one pipeline (pure `preprocess` → inputs and context, `postprocess` → prediction), its agreement metrics, how it prints and draws a prediction,
 * its default batch and thresholds; the harness owns the flows, flags shared by every workload, sessions, precision,
 * records, output folders, the candidate label and the verdict.
 *
 * Type parameters: B the adapter bound to one session's model signature, S a sample (a photo, a SQuAD record), P a
 * prediction, D the agreement's details, PF / VF the workload's own flags of `performance` / `validate`.
 */
import type { FlagSpecs, ParsedFlags } from '@modelbench/core';
import type { Feeds, Outputs } from '@modelbench/backends';
import type { ModelSignature, SignatureAdapter } from './adapters.ts';
import type { ModelChoice } from './run-options.ts';
import type { ResolvedModel } from './resolve-model.ts';
import type { AccuracyDefinition } from './accuracy-definition.ts';
import type { PerformanceSamples } from './sample-set.ts';
import type { Pipeline } from './pipeline.ts';

/** A signature adapter that binds to one model's signature, once per session, into what pre/post-processing use. */
export interface ModelAdapter<B> extends SignatureAdapter {
  /** pure: called once after the model is loaded and matched; the result is passed to preprocess/postprocess */
  bind(sig: ModelSignature): B;
  /** what the bound signature changes about the inputs (e.g. photos resized to a static input size): notes in the output and the record */
  notes?(bound: B): string[];
}

/** One agreement criterion, e.g. `{ metric: 'recall', value: 0.93, threshold: 0.9, direction: 'min', passed: true }`. */
export interface AgreementCheck {
  metric: string;
  value: number;
  threshold: number;
  /** 'min': value must be ≥ threshold; 'max': value must be ≤ threshold */
  direction: 'min' | 'max';
  passed: boolean;
}

/** What `agreement(reference, candidate)` returns: the checks (the verdict is their conjunction) and the details. */
export interface AgreementResult<D> {
  checks: AgreementCheck[];
  passed: boolean;
  /** checks that cannot be put as a number against a threshold (e.g. 'nothing was compared'), failing the verdict */
  failures?: string[];
  details: D;
}

/** The candidate's one label scheme: `fp32 (repeat)`, `bf16 (emulated)`, `bf16 (native)`; `slug` is for file names. */
export interface CandidateLabel {
  text: string;
  slug: string;
}

// ---------------------------------------------------------------------------------------------- performance

export interface PerformanceContext<B, PF extends FlagSpecs> {
  /** the workload's own performance options, parsed from its own flag table (flags.ts ownOptionsOf): nothing else */
  options: ParsedFlags<PF>;
  /** which model the user asked for (--model, --model-id), typed (run-options.ts) */
  modelOptions: ModelChoice;
  /** samples per timed iteration (--batch, or the workload's default) */
  batch: number;
  seed: number;
  bound: B;
  signature: ModelSignature;
  model: ResolvedModel;
}

/**
 * One timed iteration is `callsPerIteration` model calls, each fed `feedsFor(iteration, call)` (built before timing:
 * the function only picks). A model that takes the whole batch in one tensor has 1 call of `batch` samples
 * ('tensor'); one that takes a single sample has `batch` calls ('sequential'). A scenario runner prepares with the
 * query's size k to get the calls of one query.
 */
export interface PreparedPerformance {
  batchMode: 'tensor' | 'sequential';
  callsPerIteration: number;
  /** samples in one call's feeds */
  samplesPerCall: number;
  /** warm-up iterations are numbered -1, -2, …; timed ones 0, 1, … */
  feedsFor(iteration: number, call: number): Feeds;
  outputNames: readonly string[];
  /** sees every call's outputs (e.g. to count detections for the record); keep it cheap */
  onOutputs?(outputs: Outputs): void;
  /** what is fed, for the record: 'random normal N(0,1), seed 0, [32,3,224,224]', … */
  input: string;
  timers?: Record<string, number>;
  extra?: Record<string, unknown>;
  warnings?: string[];
  /** a scenario run's performance sample set (sample-set.ts): distinct samples made per index; without it a
   * scenario times the prepared call's feeds as one sample, and says so */
  performanceSamples?: PerformanceSamples;
}

export interface PerformanceDefinition<B, PF extends FlagSpecs> {
  flags: PF;
  defaultBatch: number;
  prepare(ctx: PerformanceContext<B, PF>): Promise<PreparedPerformance>;
  /** extra lines after the operator table of a profiled run (e.g. time per stage of the graph) */
  profileReport?(ctx: { tracePath: string; skipRuns: number; model: ResolvedModel }): string[];
}

// ---------------------------------------------------------------------------------------------- validate

export interface SamplesContext<VF extends FlagSpecs> {
  /** the workload's own validate options, parsed from its own flag table (flags.ts ownOptionsOf): nothing else */
  options: ParsedFlags<VF>;
  /** which model the user asked for (--model, --model-id), typed (run-options.ts) */
  modelOptions: ModelChoice;
  positionals: readonly string[];
}

export interface AgreementContext<S, VF extends FlagSpecs> {
  samples: readonly S[];
  /** the workload's own validate options (thresholds, rows printed…) */
  options: ParsedFlags<VF>;
  /** which model the user asked for (--model, --model-id) */
  modelOptions: ModelChoice;
  /** either side runs synthetic (seeded) weights: predictions mean nothing, agreement of the numbers still does */
  synthetic: boolean;
}

export interface PredictionsContext<S, P, D, VF extends FlagSpecs> extends AgreementContext<S, VF> {
  reference: readonly P[];
  candidate: readonly P[];
  agreement: AgreementResult<D>;
  candidateLabel: CandidateLabel;
}

export interface ValidateDefinition<B, S, P, D, VF extends FlagSpecs> {
  /** the workload's own flags (inputs, thresholds); the harness adds model, backend, --out-dir, --json, --profiling */
  flags: VF;
  /** the default thresholds, by metric (the flags' defaults) */
  thresholds: Readonly<Record<string, number>>;
  /** the file under --out-dir that holds the predictions (e.g. 'predictions.json', 'detections.json') */
  predictionsFile: string;
  /** every sample loaded and checked before any model work, so bad input fails in a second */
  loadSamples(ctx: SamplesContext<VF>): Promise<S[]>;
  /** checks, once per session after the model is bound and before any sample runs, that validate can feed it (throws) */
  checkModel?(bound: B): void;
  agreement(reference: readonly P[], candidate: readonly P[], ctx: AgreementContext<S, VF>): AgreementResult<D>;
  /** lines printed after the harness's header: what was compared, the predictions side by side, agreement figures */
  report(ctx: PredictionsContext<S, P, D, VF>): string[];
  /** pictures written into `outDir` (a fresh folder); returns the paths written */
  draw?(ctx: PredictionsContext<S, P, D, VF> & { outDir: string }): Promise<string[]>;
  /** the predictions file's workload part (the harness adds model, adapter, candidate label and agreement) */
  predictionsJson(ctx: PredictionsContext<S, P, D, VF>): Record<string, unknown>;
  /** agreement for the record without bulky parts (defaults to the details) */
  recordDetails?(details: D): unknown;
}

// ---------------------------------------------------------------------------------------------- the workload

export interface Workload<B, S, P, D, PF extends FlagSpecs = FlagSpecs, VF extends FlagSpecs = FlagSpecs> {
  /** 'resnet50' | 'ssd' | 'maskrcnn' | 'bert' */
  id: string;
  /** one line for --help, e.g. 'ResNet50 v1.5 image classification (torchvision)' */
  title: string;
  adapters: readonly ModelAdapter<B>[];
  /** the one pipeline (pipeline.ts), bound to a session's adapter: validate and accuracy run every sample through it */
  pipeline(bound: B): Pipeline<S, P>;
  /** builder options of the synthetic default from the flags (e.g. --candidates); {} for the default model */
  syntheticOptions?(flags: Readonly<Record<string, unknown>>): Record<string, unknown>;
  performance: PerformanceDefinition<B, PF>;
  validate: ValidateDefinition<B, S, P, D, VF>;
  /** the `accuracy` mode: a data set of the same samples (S), run through the same pipeline, scored in fp32 and the
   * candidate precision; its items' data set part, flags and (where `run` extends it) recorded prediction are its own */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  accuracy?: AccuracyDefinition<B, S, P, any, any, any>;
}

/** Any workload, for registries and tools that do not look inside. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyWorkload = Workload<any, any, any, any, any, any>;
