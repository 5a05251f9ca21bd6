/**
 * Runs a synthetic model's build. A built-in builder runs in a worker thread: the build is seconds of synchronous
 * work (seeded weights, graph serialisation), and off the main thread the progress line's clock keeps ticking and a
 * Ctrl-C is handled at once (synthetic-interrupt.ts) instead of after the build. A builder registered at run time
 * (tests, plug-ins) exists only in this thread and builds here.
 */
import { Worker } from 'node:worker_threads';
import { BenchError, type ErrorCode } from '@modelbench/core';
import { builtInSyntheticBuilder, type SyntheticBuilder, type SyntheticOptions } from './synthetic-registry.ts';
import type { SyntheticModel } from './synthetic/types.ts';

const ENTRY = new URL('./synthetic-worker.mjs', import.meta.url);

/** The worker of a build in progress, so an interrupt can end it. */
export interface BuildHandle {
  terminate(): Promise<void>;
}

export function buildSyntheticInWorker(workload: string, options: SyntheticOptions, onStart?: (handle: BuildHandle) => void): Promise<SyntheticModel> {
  return new Promise<SyntheticModel>((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { workload, options }, execArgv: [] });
    onStart?.({ terminate: async () => void (await worker.terminate()) });
    let settled = false;
    worker.once('message', (m: { model?: SyntheticModel; error?: { code: ErrorCode; message: string; hint?: string } }) => {
      settled = true;
      if (m.model) resolve(m.model);
      else reject(new BenchError(m.error!.code, m.error!.message, m.error!.hint ? { hint: m.error!.hint } : {}));
      void worker.terminate();
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e instanceof BenchError ? e : new BenchError('INTERNAL', `building the synthetic ${workload} model failed: ${e.message}`));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new BenchError('INTERNAL', `the synthetic ${workload} model's build stopped (worker exit ${code})`));
    });
  });
}

/** Builds with `builder`: in a worker when it is the built-in one for its workload, in this thread otherwise. */
export async function buildSynthetic(builder: SyntheticBuilder, options: SyntheticOptions, onStart?: (handle: BuildHandle) => void): Promise<SyntheticModel> {
  if (builtInSyntheticBuilder(builder.workload) === builder) return buildSyntheticInWorker(builder.workload, options, onStart);
  return builder.build(options);
}
