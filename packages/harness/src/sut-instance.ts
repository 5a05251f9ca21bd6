/**
 * One instance of the system under test, run by loadgen's instance host inside a worker thread (or a pinned child
 * process): it opens its own session from the harness's SessionSpec with the instance's threads, and answers each
 * call of sample indices with the model run on those samples' feeds from the shared performance set (a batched
 * model: one call of the samples stacked; a sequential one: one model call per sample). The model's own time is
 * what it reports; loadgen never sees the backend.
 */
import { monotonicMs, type PrecisionName } from '@modelbench/core';
import { createDefaultRegistry, type BackendOptions, type LoadedModel } from '@modelbench/backends';
import { callFeeds, stagingAllocator, type SampleStore } from './sample-set.ts';

export interface SutPayload {
  backendId: string;
  modelPath: string;
  /** planned inside the instance with the backend's planPrecision, as the harness planned it */
  precision: PrecisionName;
  /** session options except threads (each instance gets its own) and the precision */
  options: Omit<BackendOptions, 'threads' | 'precision'>;
  store: SampleStore;
  /** the model takes one sample per call: k samples are k model calls */
  sequential: boolean;
  /** outputs to fetch (all where absent) */
  outputNames?: readonly string[] | undefined;
}

/** A session that runs calls of sample indices: the SUT's work, the same in a worker thread or in this one. */
/** Feeds are copied from the shared set into the instance's staging buffers first (outside the model time). */
export function sutRunner(loaded: Pick<LoadedModel, 'run'>, p: Pick<SutPayload, 'store' | 'sequential' | 'outputNames'>, clock: () => number = monotonicMs): (indices: readonly number[]) => Promise<number> {
  const staging = stagingAllocator();
  return async (indices) => {
    if (p.sequential) {
      let modelMs = 0;
      for (const i of indices) {
        const feeds = callFeeds(p.store, [i], staging);
        const t0 = clock();
        await loaded.run(feeds, p.outputNames);
        modelMs += clock() - t0;
      }
      return modelMs;
    }
    const feeds = callFeeds(p.store, indices, staging);
    const t0 = clock();
    await loaded.run(feeds, p.outputNames);
    return clock() - t0;
  };
}

export async function createInstance(payload: unknown, spec: { index: number; threads: number }): Promise<{ run(indices: readonly number[]): Promise<number>; close(): Promise<void>; sessionOptions: Record<string, unknown>; warnings: string[] }> {
  const p = payload as SutPayload;
  const backend = await createDefaultRegistry().select(p.backendId);
  const plan = backend.planPrecision(p.precision);
  const loaded = await backend.load({ path: p.modelPath }, { ...p.options, threads: spec.threads, precision: plan } as BackendOptions);
  return { run: sutRunner(loaded, p), close: () => loaded.dispose(), sessionOptions: loaded.sessionOptions, warnings: loaded.warnings };
}
