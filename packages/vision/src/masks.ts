/** Binary instance masks: one byte per pixel of the image, non-zero inside the instance. */
import { BenchError } from '@modelbench/core';

/** 1 where the probability is strictly above the threshold (Mask R-CNN: 0.5), else 0. */
export function thresholdMask(probabilities: ArrayLike<number>, threshold = 0.5): Uint8Array {
  const out = new Uint8Array(probabilities.length);
  for (let i = 0; i < out.length; i++) out[i] = (probabilities[i] as number) > threshold ? 1 : 0;
  return out;
}

export function maskArea(mask: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  return n;
}

/** Intersection over union of two masks of the same size; 1 when both are empty (they agree exactly). */
export function maskIou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new BenchError('BAD_INPUT', `mask sizes differ: ${a.length} vs ${b.length} pixels`);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] !== 0;
    const y = b[i] !== 0;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union === 0 ? 1 : inter / union;
}
