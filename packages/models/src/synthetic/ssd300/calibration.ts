/**
 * Calibration of the synthetic weights so the post-processing sees what a trained SSD gives it, not a flood.
 *
 * With torchvision's random init every one of 90 classes scores ≈ 1/91 > 0.01 at every anchor, so 36,000 boxes reach
 * NMS. A trained SSD sends most anchors to background. Here the classification biases do that, deterministically:
 * - background logit `backgroundLogit` (8) at every anchor, other classes 0: a class scores ≤ e^-8 ≈ 0.0003 < 0.01;
 * - "hot groups" (feature map, anchor slot, class; hot-groups.ts) get the logit that makes that class score 0.12 to
 *   0.8 at every location of the map for that slot; their box counts sum to the requested candidate count, so exactly
 *   that many boxes pass the 0.01 threshold and reach NMS.
 * - the input-dependent part of each logit is kept small: every head conv is rescaled so the predicted standard
 *   deviation of its output at a worst-case input is `clsLogitStd` (0.35): a cold class would need to beat the
 *   background by 3.4 nats to pass 0.01, and the weakest hot class (0.12) to lose 2.6 nats to fall below it (≈ 7 and
 *   5 standard deviations of a logit difference at that bound; measured noise images reach ~0.7 of it, photos ~0.25).
 *   Regression codes get `regressionStd` (2.0 at the bound, ~0.5 on photos: centre shifts of ~0.05 box and size
 *   factors of ~e^±0.1, as a trained SSD's regressions look).
 * The predicted stds come from a mean-square estimate carried through the backbone (ops.ts); `worstInputMeanSquare`
 * is the largest mean square a [0, 1] image can have after the transform, and the max-pool gains are the largest
 * factors measured on noise images (a pooling window's max over its mean square).
 */
import type { PoolGains } from './backbone.ts';
import { SSD300_ANCHORS_PER_LOCATION, SSD300_IMAGE_MEAN, SSD300_IMAGE_STD, SSD300_NUM_CLASSES } from './config.ts';
import { planHotGroups, type HotGroup } from './hot-groups.ts';

export const SSD300_DEFAULT_CANDIDATES = 1000;

export interface Calibration {
  /** boxes that pass the 0.01 score threshold (and the per-class top-400) on any input */
  candidates: number;
  hotGroups: HotGroup[];
  backgroundLogit: number;
  clsLogitStd: number;
  regressionStd: number;
  worstInputMeanSquare: number;
  poolGains: PoolGains;
}

/** Largest mean square of a transformed [0, 1] image: each channel at whichever of 0 or 1 is further from the mean. */
export function worstInputMeanSquare(): number {
  let sum = 0;
  SSD300_IMAGE_MEAN.forEach((m, c) => {
    sum += (Math.max(m, 1 - m) / (SSD300_IMAGE_STD[c] as number)) ** 2;
  });
  return sum / SSD300_IMAGE_MEAN.length;
}

/**
 * Mean-square gain of each max pool (output over input), each rounded up from the largest measured with onnxruntime
 * at seed 300 on 300×300 images: uniform noise 2.70, 1.73, 1.38, 1.33, 1.51; binary noise 2.70, 1.75, 1.39, 1.33,
 * 1.51; the COCO demo photo 1.34, 1.33, 1.35, 1.46, 1.88; a white image 1.01, 1.02, 1.03, 1.12, 1.37. Their
 * product, 20.8, is above every measured product (13.2 at most, for noise).
 */
export const SSD300_POOL_GAINS: PoolGains = [2.8, 1.8, 1.45, 1.5, 1.9];

export function calibrate(candidates = SSD300_DEFAULT_CANDIDATES, seed = 300): Calibration {
  return {
    candidates,
    hotGroups: planHotGroups(candidates, seed),
    backgroundLogit: 8,
    clsLogitStd: 0.35,
    regressionStd: 2,
    worstInputMeanSquare: worstInputMeanSquare(),
    poolGains: SSD300_POOL_GAINS,
  };
}

/**
 * The logit that gives a class `score` at an anchor where it is the only hot class: e^γ / (e^β + e^γ + 89) = score.
 */
export function hotLogit(backgroundLogit: number, score: number): number {
  return Math.log((score * (Math.exp(backgroundLogit) + SSD300_NUM_CLASSES - 2)) / (1 - score));
}

/** Classification conv bias of one feature map: channel a·91 + k is anchor slot a, class k. */
export function clsBias(cal: Calibration, level: number): Float32Array {
  const anchors = SSD300_ANCHORS_PER_LOCATION[level] as number;
  const bias = new Float32Array(anchors * SSD300_NUM_CLASSES);
  for (let a = 0; a < anchors; a++) bias[a * SSD300_NUM_CLASSES] = cal.backgroundLogit;
  for (const h of cal.hotGroups) if (h.level === level) bias[h.slot * SSD300_NUM_CLASSES + h.classId] = hotLogit(cal.backgroundLogit, h.score);
  return bias;
}
