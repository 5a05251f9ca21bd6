/**
 * An instance's own copy of the performance sample set. The set is loaded once into shared memory (sample-set.ts)
 * and every worker-thread instance reads it, but onnxruntime-node refuses tensors over a SharedArrayBuffer, so each
 * call's samples are copied into staging buffers first: for ResNet50 batch 1 that copy (602 kB from memory the model
 * call has just pushed out of the caches) is about 0.1 ms of every ~26 ms call, outside the model time. An instance
 * that copies the whole set into ordinary memory once, before anything is timed, feeds a one-sample call straight
 * from it (a view, no copy), as an MLPerf SUT feeds the samples its LoadSamplesToRam loaded. It does so only when
 * the copy is small beside the memory left (PRIVATE_COPY_SHARE of what is free), so instances on a many-core machine
 * stop copying before memory runs short; calls of several samples are stacked into staging buffers either way.
 */
import type { TensorData } from '@modelbench/backends';
import type { SampleStore } from './sample-set.ts';

/** An instance copies the set only when it is at most this share of the machine's free memory. */
export const PRIVATE_COPY_SHARE = 1 / 8;

/** The bytes of a store's samples. */
export function storeBytes(store: SampleStore): number {
  return Object.values(store.inputs).reduce((a, s) => a + s.data.byteLength, 0);
}

/** Pure: whether an instance copies a set of `bytes` with `freeBytes` of memory free. */
export function copiesPrivately(bytes: number, freeBytes: number): boolean {
  return bytes > 0 && bytes <= freeBytes * PRIVATE_COPY_SHARE;
}

/** The same samples (offsets, shapes, pad values) in ordinary, unshared memory. */
export function privateStore(store: SampleStore): SampleStore {
  const inputs: SampleStore['inputs'] = {};
  for (const [name, s] of Object.entries(store.inputs)) {
    const Ctor = s.data.constructor as { new (length: number): TensorData };
    const data = new Ctor(s.data.length);
    (data as unknown as { set(a: ArrayLike<unknown>): void }).set(s.data as unknown as ArrayLike<unknown>);
    // offsets and shapes are plain arrays that nothing changes after loading: only the data needs its own memory
    inputs[name] = { ...s, data };
  }
  return { count: store.count, inputs };
}

/** Whether the store's buffers are shared (a SharedArrayBuffer), which onnxruntime-node cannot take as a tensor. */
export function isShared(store: SampleStore): boolean {
  return Object.values(store.inputs).some((s) => s.data.buffer instanceof SharedArrayBuffer);
}
