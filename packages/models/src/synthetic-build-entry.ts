/**
 * The worker side of synthetic-build.ts: builds workerData's model with the built-in builder and posts it back (bytes
 * transferred, not copied), or the error as plain fields so the main thread can rebuild a BenchError from them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BenchError } from '@modelbench/core';
import { builtInSyntheticBuilder, type SyntheticOptions } from './synthetic-registry.ts';

const { workload, options } = workerData as { workload: string; options: SyntheticOptions };
try {
  const model = builtInSyntheticBuilder(workload)!.build(options);
  const bytes = model.bytes.byteOffset === 0 && model.bytes.buffer.byteLength === model.bytes.byteLength ? model.bytes : model.bytes.slice();
  parentPort!.postMessage({ model: { ...model, bytes } }, [bytes.buffer as ArrayBuffer]);
} catch (e) {
  const b = e instanceof BenchError ? e : undefined;
  parentPort!.postMessage({ error: { code: b?.code ?? 'INTERNAL', message: (e as Error).message, hint: b?.hint } });
}
