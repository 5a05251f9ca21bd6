/**
 * The one fixed-batch check. A model whose batch dimension is fixed at F takes F samples a call: F = 1 (or a dynamic
 * batch) runs any batch, as consecutive calls of one; any other F runs only at a batch of F. A mode that feeds one
 * sample a call (validate, accuracy) cannot run a model fixed at F > 1.
 */
import { BenchError } from '@modelbench/core';

/** How a mode calls the model: `--batch N` samples a timed call, or one sample a call in `mode`. */
export type BatchUse = { batch: number } | { oneSampleIn: string };

export function checkFixedBatch(fixed: number | null, shape: readonly (number | string)[], use: BatchUse): void {
  if (fixed === null || fixed === 1) return;
  if ('batch' in use) {
    if (use.batch === fixed) return;
    throw new BenchError('USAGE', `--batch ${use.batch}: this model's input [${shape.join(',')}] is fixed at a batch of ${fixed} images per call`, {
      hint: `pass --batch ${fixed} (or export the model with a dynamic batch axis)`,
    });
  }
  throw new BenchError('MODEL_SIGNATURE', `this model's input [${shape.join(',')}] is fixed at a batch of ${fixed} images per call; ${use.oneSampleIn} feeds one image per call`, {
    hint: 'export the model with a batch dimension of 1 or a dynamic one',
  });
}
