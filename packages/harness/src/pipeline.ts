/**
 * A workload's one pipeline, MLPerf's split of a run: pure `preprocess(sample) → { inputs, context }` and
 * `postprocess(outputs, context) → prediction`, bound once per session to the model's signature. `context` carries
 * what post-processing needs of pre-processing (BERT's features and offsets, a letterboxed photo's scale), so no
 * step is computed twice. Every mode that turns samples into predictions (validate, accuracy) runs samples through
 * `runPipeline`; the timed modes feed the same `preprocess` output.
 */
import type { Feeds, Outputs } from '@modelbench/backends';
import { runInRows, type RunFn } from './run-rows.ts';

export interface Pipeline<S, P, C = unknown> {
  /** the outputs `postprocess` reads */
  readonly outputNames: readonly string[];
  /**
   * when the inputs' first dimension is a batch of independent rows (BERT's windows of one long context): run at most
   * this many rows a call and join the outputs along it (run-rows.ts), so peak memory does not grow with the sample
   */
  readonly maxRowsPerCall?: number;
  /** pure: one sample's model inputs, and what post-processing needs of it */
  preprocess(sample: S): { inputs: Feeds; context: C };
  /** pure: one sample's prediction from its outputs and its context */
  postprocess(outputs: Outputs, context: C): P;
}

/** One sample through the pipeline and a session's `run`: its prediction and the context pre-processing made. */
export async function runPipeline<S, P, C>(pipeline: Pipeline<S, P, C>, sample: S, run: RunFn): Promise<{ prediction: P; context: C }> {
  const { inputs, context } = pipeline.preprocess(sample);
  const outputs = await runInRows(run, inputs, pipeline.outputNames, pipeline.maxRowsPerCall);
  return { prediction: pipeline.postprocess(outputs, context), context };
}
