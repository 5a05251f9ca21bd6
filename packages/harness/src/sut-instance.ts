/**
 * One instance of the system under test, run by loadgen's instance host inside a worker thread (or a pinned child
 * process): it opens its own session from the harness's SessionSpec with the instance's threads, and answers each
 * call of sample indices with the model run on those samples' feeds from the shared performance set (a batched
 * model: one call of the samples stacked; a sequential one: one model call per sample). The model's own time is
 * what it reports, and — an accuracy run's call — the outputs (the SUT's response); loadgen never sees the backend.
 */
import { BenchError, monotonicMs, type PrecisionName } from '@modelbench/core';
import { createDefaultRegistry, type BackendOptions, type BackendRegistry, type Feeds, type LoadedModel, type Outputs, type TensorData } from '@modelbench/backends';
import { freemem } from 'node:os';
import { copiesPrivately, isShared, privateStore, storeBytes } from './private-store.ts';
import { callFeeds, sampleFeeds, stagingAllocator, type SampleStore } from './sample-set.ts';

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

/** One call's outputs, one per sample of the call: a batched call's rows split along the leading dimension. */
export type SutResponse = Outputs[];

/** The first dimension of each sample in the store (its rows in a stacked call). */
function rowsOf(store: SampleStore, index: number): number {
  const first = Object.values(store.inputs)[0];
  return first?.dims[index]?.[0] ?? 1;
}

/** A stacked call's outputs cut back into each sample's rows (an output whose leading dimension is not the call's rows
 * cannot be split: an error, not a guess). */
function splitRows(outputs: Outputs, rows: readonly number[]): SutResponse {
  const total = rows.reduce((a, b) => a + b, 0);
  const per: Outputs[] = rows.map(() => ({}));
  for (const [name, t] of Object.entries(outputs)) {
    if (t.dims[0] !== total) throw new BenchError('INTERNAL', `output '${name}' of a call of ${total} rows has shape [${t.dims.join(',')}]: it cannot be split per sample`);
    const size = t.data.length / Math.max(1, total);
    let row = 0;
    rows.forEach((r, k) => {
      per[k]![name] = { type: t.type, dims: [r, ...t.dims.slice(1)], data: t.data.slice(row * size, (row + r) * size) as TensorData };
      row += r;
    });
  }
  return per;
}

/**
 * A session that runs calls of sample indices: the SUT's work, the same in a worker thread or in this one, for every
 * mode — a scenario's call (the model time) and an accuracy run's (`respond`: the model time and the call's outputs,
 * one per sample; the outputs named in the payload, all where it names none). Feeds of a shared set are copied into
 * the instance's staging buffers first (outside the model time); a one-sample call on a private copy of the set
 * (private-store.ts) is fed a view of it. The store is read at each call, so a `load` that replaces it
 * (createInstance) is seen by the next call.
 */
export function sutRunner(loaded: Pick<LoadedModel, 'run'>, p: Pick<SutPayload, 'store' | 'sequential' | 'outputNames'>, clock: () => number = monotonicMs): SutRun {
  const staging = stagingAllocator();
  // whether the store is shared, worked out once per store (a `load` replaces it), not on every call
  let sharedOf = { store: p.store, shared: isShared(p.store) };
  const feedsOf = (indices: readonly number[]): Feeds => {
    if (sharedOf.store !== p.store) sharedOf = { store: p.store, shared: isShared(p.store) };
    return indices.length === 1 && !sharedOf.shared ? sampleFeeds(p.store, indices[0]!) : callFeeds(p.store, indices, staging);
  };
  const run = async (indices: readonly number[], respond?: boolean): Promise<number | { modelMs: number; response: SutResponse }> => {
    if (p.sequential) {
      let modelMs = 0;
      const response: SutResponse = [];
      for (const i of indices) {
        const feeds = feedsOf([i]);
        const t0 = clock();
        const outputs = await loaded.run(feeds, p.outputNames);
        modelMs += clock() - t0;
        if (respond) response.push(outputs);
      }
      return respond ? { modelMs, response } : modelMs;
    }
    const feeds = feedsOf(indices);
    const t0 = clock();
    const outputs = await loaded.run(feeds, p.outputNames);
    const modelMs = clock() - t0;
    if (!respond) return modelMs;
    return { modelMs, response: indices.length === 1 ? [outputs] : splitRows(outputs, indices.map((i) => rowsOf(p.store, i))) };
  };
  return run as SutRun;
}

/** A SUT call: the model time, or with `respond` also the outputs (one per sample). */
export interface SutRun {
  (indices: readonly number[]): Promise<number>;
  (indices: readonly number[], respond: true): Promise<{ modelMs: number; response: SutResponse }>;
  (indices: readonly number[], respond?: boolean): Promise<number | { modelMs: number; response: SutResponse }>;
}

export interface SutInstanceOf {
  run: SutRun;
  /** replaces the loaded sample store (an accuracy run's next chunk) */
  load(store: unknown): Promise<void>;
  close(): Promise<void>;
  sessionOptions: Record<string, unknown>;
  warnings: string[];
}

/** The SUT module's entry (loadgen's instance host imports it in each worker thread): the default backends. */
export function createInstance(payload: unknown, spec: { index: number; threads: number }): Promise<SutInstanceOf> {
  return openSutInstance(payload as SutPayload, spec, createDefaultRegistry());
}

/** One SUT instance on a backend of `registry`: createInstance's work, also for a host in this thread (accuracy-sut.ts). */
export async function openSutInstance(payload: SutPayload, spec: { index: number; threads: number }, registry: Pick<BackendRegistry, 'select'>): Promise<SutInstanceOf> {
  const p = { ...payload };
  const backend = await registry.select(p.backendId);
  const plan = backend.planPrecision(p.precision);
  const loaded = await backend.load({ path: p.modelPath }, { ...p.options, threads: spec.threads, precision: plan } as BackendOptions);
  // the set in this instance's own memory where it is small beside what is free (private-store.ts), before timing
  if (isShared(p.store) && copiesPrivately(storeBytes(p.store), freemem())) p.store = privateStore(p.store);
  return sutOverSession(loaded, p, () => loaded.dispose());
}

/**
 * The SUT over a session that is already open: its one sutRunner, a `load` that replaces the store the calls index
 * into, and `close` (what the owner of the session does at the end; validate's sessions outlive their SUT).
 */
export function sutOverSession(loaded: Pick<LoadedModel, 'run' | 'sessionOptions' | 'warnings'>, payload: Pick<SutPayload, 'store' | 'sequential' | 'outputNames'>, close: () => Promise<void>): SutInstanceOf {
  const p = { ...payload };
  return {
    run: sutRunner(loaded, p),
    load: async (store) => {
      p.store = store as SampleStore;
    },
    close,
    sessionOptions: loaded.sessionOptions,
    warnings: loaded.warnings,
  };
}
