/**
 * Which (feature map, anchor slot, class) channels of the classification head fire, and how strongly: "hot groups".
 * A group's class scores `score` at every location of its map for its slot, so the group puts (map side)² boxes past
 * the 0.01 threshold: 361 on the 19×19 map, then 100, 25, 9, 1. Map 0 (38×38 = 1,444 > 400) holds none.
 *
 * A plan for N candidates has two tiers, as a trained SSD's output has a few confident boxes over many weak ones:
 * - confident (score 0.8): one 3×3 group (9 boxes of 207 px) and two 1×1 groups, as far as N allows;
 * - weak (0.12 on 19×19, 0.2 on 10×10, 0.3 on 5×5, 0.35 on 3×3 and 1×1): the rest, largest maps first.
 * Classes come in a seeded order among the 80 real COCO ids, slots round-robin, at most 400 boxes per class (the
 * per-class top-k), each (map, slot, class) once. So exactly N boxes pass the threshold and reach NMS, and a
 * validate threshold of 0.5 keeps the confident boxes only.
 */
import { BenchError } from '@modelbench/core';
import { Rng } from '@modelbench/core';
import { COCO91_UNUSED_IDS, SSD300_ANCHORS_PER_LOCATION, SSD300_FEATURE_SIZES, SSD300_NUM_CLASSES, SSD300_TOPK_CANDIDATES } from './config.ts';

export interface HotGroup {
  level: number;
  slot: number;
  classId: number;
  /** boxes in the group = locations of its feature map */
  anchors: number;
  /** the class's softmax score at the group's anchors with zero input-dependent noise */
  score: number;
}

export const SSD300_CONFIDENT_SCORE = 0.8;
/** weak-tier score per feature map (index = map) */
export const SSD300_WEAK_SCORES: readonly number[] = [0, 0.12, 0.2, 0.3, 0.35, 0.35];
const CONFIDENT_LEVELS = [4, 5, 5];

/**
 * The most candidates a plan can place: per real class (80) one 19×19 group (361) and, under the 400 cap, one 5×5
 * (25), one 3×3 (9) and the 1×1 map's four slots (4): 80 × 399 = 31,920.
 */
export const SSD300_MAX_CANDIDATES = (SSD300_NUM_CLASSES - 1 - COCO91_UNUSED_IDS.length) * (361 + 25 + 9 + 4);

function realClassesShuffled(seed: number): number[] {
  const classes: number[] = [];
  for (let id = 1; id < SSD300_NUM_CLASSES; id++) if (!COCO91_UNUSED_IDS.includes(id)) classes.push(id);
  const rng = new Rng(seed);
  for (let i = classes.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [classes[i], classes[j]] = [classes[j] as number, classes[i] as number];
  }
  return classes;
}

export function planHotGroups(candidates: number, seed: number): HotGroup[] {
  if (!Number.isInteger(candidates) || candidates < 0 || candidates > SSD300_MAX_CANDIDATES) {
    throw new BenchError('USAGE', `SSD candidate count must be an integer in [0, ${SSD300_MAX_CANDIDATES}], got ${candidates}`);
  }
  const classes = realClassesShuffled(seed);
  const used = new Map<number, number>();
  const taken = new Set<string>();
  const slotCursor = new Map<number, number>();
  const groups: HotGroup[] = [];
  let remaining = candidates;
  let classCursor = 0;

  /** places one group on `level`; false when no (slot, class) can take it */
  const place = (level: number, score: number): boolean => {
    const size = (SSD300_FEATURE_SIZES[level] as number) ** 2;
    const slots = SSD300_ANCHORS_PER_LOCATION[level] as number;
    if (size > remaining) return false;
    for (let tries = 0; tries < classes.length * slots; tries++) {
      const classId = classes[(classCursor + Math.floor(tries / slots)) % classes.length] as number;
      const slot = ((slotCursor.get(level) ?? 0) + tries) % slots;
      const key = `${level}/${slot}/${classId}`;
      if ((used.get(classId) ?? 0) + size > SSD300_TOPK_CANDIDATES || taken.has(key)) continue;
      taken.add(key);
      used.set(classId, (used.get(classId) ?? 0) + size);
      groups.push({ level, slot, classId, anchors: size, score });
      remaining -= size;
      classCursor = (classes.indexOf(classId) + 1) % classes.length;
      slotCursor.set(level, (slot + 1) % slots);
      return true;
    }
    return false;
  };

  for (const level of CONFIDENT_LEVELS) place(level, SSD300_CONFIDENT_SCORE);
  for (let level = 1; level < SSD300_FEATURE_SIZES.length; level++) {
    while (place(level, SSD300_WEAK_SCORES[level] as number));
  }
  if (remaining !== 0) throw new BenchError('USAGE', `cannot place ${candidates} SSD candidates in hot groups (${remaining} left over)`);
  return groups;
}
