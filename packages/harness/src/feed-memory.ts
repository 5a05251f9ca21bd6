/**
 * Whether a batch's tensors can be held at all: the bytes of one call's inputs counted before they are allocated
 * (elements × bytes per element), compared with the machine's memory, and an allocation that fails anyway (a typed
 * array too large for V8, onnxruntime's "Failed to allocate memory") turned into a USAGE error naming the memory the
 * batch needs instead of an INTERNAL crash.
 */
import { totalmem } from 'node:os';
import { BenchError, formatBytes } from '@modelbench/core';
import type { Feeds, TensorSpec } from '@modelbench/backends';

const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  uint64: 8,
  int32: 4,
  uint32: 4,
  int16: 2,
  uint16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

export function bytesPerElement(type: string): number {
  return BYTES_PER_ELEMENT[type] ?? 4;
}

/** Bytes of one call's feeds, as allocated. */
export function feedsBytes(feeds: Feeds): number {
  return Object.values(feeds).reduce((total, t) => total + t.data.byteLength, 0);
}

/**
 * Bytes of `batch` samples of the inputs whose first dimension is the batch (symbolic, e.g. `N`) and all others
 * fixed; null when some input's size is not known from the signature alone (a dynamic image size or sequence).
 */
export function batchInputBytes(inputs: readonly TensorSpec[], batch: number): number | null {
  let total = 0;
  for (const t of inputs) {
    const [lead, ...rest] = t.shape;
    if (lead === undefined || typeof lead === 'number') return null;
    if (rest.some((d) => typeof d !== 'number' || d < 0)) return null;
    total += batch * (rest as number[]).reduce((a, d) => a * d, 1) * bytesPerElement(t.type);
  }
  return inputs.length ? total : null;
}

function tooLarge(batch: number, neededBytes: number, limitBytes: number, bytesPerSample: number | null): BenchError {
  const most = bytesPerSample && bytesPerSample > 0 ? Math.max(1, Math.floor((limitBytes / 2) / bytesPerSample)) : null;
  return new BenchError('USAGE', `--batch ${batch}: one call's input tensors need ${formatBytes(neededBytes)}, more than this machine's ${formatBytes(limitBytes)} of memory`, {
    hint: most !== null ? `pass a smaller --batch (${most} or fewer fits the inputs in half the memory)` : 'pass a smaller --batch',
  });
}

/** Refuses a batch whose inputs alone would not fit in the machine's memory (before anything is allocated). */
export function assertBatchFits(batch: number, neededBytes: number | null, limitBytes: number = totalmem()): void {
  if (neededBytes === null || neededBytes <= limitBytes) return;
  throw tooLarge(batch, neededBytes, limitBytes, neededBytes / batch);
}

/** An error that says memory could not be had: V8's typed-array limits, onnxruntime's allocator, std::bad_alloc. */
export function isAllocationFailure(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e instanceof RangeError) return /Array buffer allocation failed|Invalid typed array length|Invalid array length|Array buffer length/i.test(e.message);
  return /Failed to allocate memory|bad_alloc|out of memory|Failed to allocate/i.test(e.message);
}

/** An allocation failure as a USAGE error naming the memory the batch needs (when known); anything else unchanged. */
export function allocationError(e: unknown, batch: number, neededBytes: number | null, limitBytes: number = totalmem()): unknown {
  if (!isAllocationFailure(e)) return e;
  if (neededBytes !== null) {
    if (neededBytes > limitBytes) return tooLarge(batch, neededBytes, limitBytes, neededBytes / batch);
    return new BenchError('USAGE', `--batch ${batch}: memory ran out (the inputs alone are ${formatBytes(neededBytes)}; the model's activations grow with the batch too): ${(e as Error).message.split('\n')[0]}`, {
      hint: 'pass a smaller --batch',
    });
  }
  return new BenchError('USAGE', `--batch ${batch}: its tensors cannot be allocated (${(e as Error).message.split('\n')[0]})`, { hint: 'pass a smaller --batch' });
}
