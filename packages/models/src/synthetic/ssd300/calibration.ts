/**
 * Calibration of the synthetic weights so the post-processing sees what a trained SSD gives it, not a flood.
 *
 * With torchvision's random init every one of 90 classes scores ≈ 1/91 > 0.01 at every anchor, so 36,000 boxes reach
 * NMS. A trained SSD sends most anchors to background. Here the classification biases do that, deterministically:
 * - background logit `backgroundLogit` (8) at every anchor, other classes 0: a class scores ≤ e^-8 ≈ 0.0003 < 0.01;
 * - "hot groups" (feature map, anchor slot, class) get `hotLogit` (8.4): that class scores ≈ 0.58 at every location of
 *   the map for that slot. Groups are chosen so their anchor counts sum to the requested candidate count, with at
 *   most 400 per class (torchvision's per-class top-k), so exactly that many boxes pass the 0.01 threshold and reach
 *   NMS. Map 0 (38×38 = 1,444 locations > 400) holds no group.
 * - the input-dependent part of each logit is kept small: every head conv is rescaled so the predicted standard
 *   deviation of its output at a worst-case input is `clsLogitStd` (0.35): a cold class would need to beat the
 *   background by 3.4 nats to pass 0.01, and a hot class to lose 5 nats to fall below it (≈ 7 and 10 standard
 *   deviations of a logit difference at that bound; measured noise images reach ~0.7 of it and photos ~0.25).
 *   Regression codes get `regressionStd` (2.0 at the bound, ~0.5 on photos: centre shifts of ~0.05 box and size
 *   factors of ~e^±0.1, as a trained SSD's regressions look).
 * The predicted stds come from a mean-square estimate carried through the backbone (ops.ts); `worstInputMeanSquare`
 * is the largest mean square a [0, 1] image can have after the transform, and the max-pool gains are the largest
 * factors measured on noise images (a pooling window's max over its mean square).
 */
import { BenchError } from '@modelbench/core';
import { Rng } from '../../rng.ts';
import type { PoolGains } from './backbone.ts';
import { COCO91_UNUSED_IDS, SSD300_ANCHORS_PER_LOCATION, SSD300_FEATURE_SIZES, SSD300_IMAGE_MEAN, SSD300_IMAGE_STD, SSD300_NUM_CLASSES, SSD300_TOPK_CANDIDATES } from './config.ts';

export const SSD300_DEFAULT_CANDIDATES = 1000;

export interface HotGroup {
  level: number;
  slot: number;
  classId: number;
  /** anchors in the group = locations of its feature map */
  anchors: number;
}

export interface Calibration {
  /** boxes that pass the 0.01 score threshold (and the per-class top-400) on any input */
  candidates: number;
  hotGroups: HotGroup[];
  backgroundLogit: number;
  hotLogit: number;
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

/**
 * The most candidates the plan can place: per real class (80) one 19×19 group (361) and, under the 400 cap, one 5×5
 * (25), one 3×3 (9) and the 1×1 map's four slots (4): 80 × 399 = 31,920.
 */
export const SSD300_MAX_CANDIDATES = (SSD300_NUM_CLASSES - 1 - COCO91_UNUSED_IDS.length) * (361 + 25 + 9 + 4);

/**
 * Picks hot groups whose anchor counts sum to `candidates`: largest maps first (19×19 = 361, 100, 25, 9, 1), classes
 * in a seeded order among the 80 real COCO classes, anchor slots round-robin, at most 400 anchors per class.
 */
export function planHotGroups(candidates: number, seed: number): HotGroup[] {
  if (!Number.isInteger(candidates) || candidates < 0 || candidates > SSD300_MAX_CANDIDATES) {
    throw new BenchError('USAGE', `SSD candidate count must be an integer in [0, ${SSD300_MAX_CANDIDATES}], got ${candidates}`);
  }
  const classes: number[] = [];
  for (let id = 1; id < SSD300_NUM_CLASSES; id++) if (!COCO91_UNUSED_IDS.includes(id)) classes.push(id);
  const rng = new Rng(seed);
  for (let i = classes.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [classes[i], classes[j]] = [classes[j] as number, classes[i] as number];
  }
  const used = new Map<number, number>();
  const taken = new Set<string>();
  const groups: HotGroup[] = [];
  let remaining = candidates;
  let classCursor = 0;
  for (let level = 1; level < SSD300_FEATURE_SIZES.length && remaining > 0; level++) {
    const size = (SSD300_FEATURE_SIZES[level] as number) ** 2;
    const slots = SSD300_ANCHORS_PER_LOCATION[level] as number;
    let slotCursor = 0;
    while (remaining >= size) {
      let placed = false;
      for (let tries = 0; tries < classes.length * slots && !placed; tries++) {
        const classId = classes[(classCursor + Math.floor(tries / slots)) % classes.length] as number;
        const slot = (slotCursor + tries) % slots;
        const key = `${level}/${slot}/${classId}`;
        if ((used.get(classId) ?? 0) + size > SSD300_TOPK_CANDIDATES || taken.has(key)) continue;
        taken.add(key);
        used.set(classId, (used.get(classId) ?? 0) + size);
        groups.push({ level, slot, classId, anchors: size });
        remaining -= size;
        classCursor = (classes.indexOf(classId) + 1) % classes.length;
        slotCursor = (slot + 1) % slots;
        placed = true;
      }
      if (!placed) break;
    }
  }
  if (remaining !== 0) throw new BenchError('USAGE', `cannot place ${candidates} SSD candidates in hot groups (${remaining} left over)`);
  return groups;
}

export function calibrate(candidates = SSD300_DEFAULT_CANDIDATES, seed = 300): Calibration {
  return {
    candidates,
    hotGroups: planHotGroups(candidates, seed),
    backgroundLogit: 8,
    hotLogit: 8.4,
    clsLogitStd: 0.35,
    regressionStd: 2,
    worstInputMeanSquare: worstInputMeanSquare(),
    poolGains: SSD300_POOL_GAINS,
  };
}

/** Classification conv bias of one feature map: channel a·91 + k is anchor slot a, class k. */
export function clsBias(cal: Calibration, level: number): Float32Array {
  const anchors = SSD300_ANCHORS_PER_LOCATION[level] as number;
  const bias = new Float32Array(anchors * SSD300_NUM_CLASSES);
  for (let a = 0; a < anchors; a++) bias[a * SSD300_NUM_CLASSES] = cal.backgroundLogit;
  for (const h of cal.hotGroups) if (h.level === level) bias[h.slot * SSD300_NUM_CLASSES + h.classId] = cal.hotLogit;
  return bias;
}
