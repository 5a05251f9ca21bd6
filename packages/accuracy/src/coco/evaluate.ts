/**
 * Per image × category × area range matching, as pycocotools' COCOeval.evaluateImg does it: ground truths outside the
 * area range or crowd are "ignored" and sorted after the others (stable), detections come highest score first (the
 * caller sorts them stably, as numpy's mergesort on -score, and caps them at maxDets[-1]); at each IoU threshold each
 * detection in turn takes the best still-free ground truth with IoU ≥ the threshold (a crowd one may be taken many
 * times), never moving from a regular ground truth to an ignored one; a detection matched to an ignored ground truth,
 * or unmatched and outside the area range, is ignored.
 */

export interface EvalGt {
  /** annotation id; COCOeval records a match as this id, so an id of 0 reads as "no match" there and here */
  id: number;
  area: number;
  crowd: boolean;
}

export interface EvalDt {
  area: number;
  score: number;
}

/** What accumulate needs of one image × category × area range (COCOeval's evalImgs entry). */
export interface ImageEval {
  /** detections' scores, highest first, at most maxDet of them */
  dtScores: Float64Array;
  /** [T × D], row per IoU threshold: 1 where the detection matched a ground truth */
  dtMatched: Uint8Array;
  /** [T × D]: 1 where the detection is ignored */
  dtIgnore: Uint8Array;
  /** ground truths not ignored (the image's share of npig) */
  numGtKept: number;
}

/**
 * @param gts ground truths of the image and category, in file order
 * @param dts detections of the image and category, sorted by score (stable) and capped at maxDets[-1]
 * @param ious [D × G] IoU of dts[d] with gts[g] (row per detection, gts in file order)
 * @returns null where the image has neither ground truths nor detections of the category, as COCOeval
 */
export function evaluateImage(
  gts: readonly EvalGt[],
  dts: readonly EvalDt[],
  ious: Float64Array,
  areaRange: readonly [number, number],
  maxDet: number,
  iouThrs: readonly number[],
): ImageEval | null {
  if (gts.length === 0 && dts.length === 0) return null;
  const [lo, hi] = areaRange;
  const G = gts.length;
  const ignored = gts.map((g) => g.crowd || g.area < lo || g.area > hi);
  // stable sort of ground truths: kept first, ignored last
  const order: number[] = [];
  for (let g = 0; g < G; g++) if (!ignored[g]) order.push(g);
  const numGtKept = order.length;
  for (let g = 0; g < G; g++) if (ignored[g]) order.push(g);
  const gtIg = new Uint8Array(G);
  const gtCrowd = new Uint8Array(G);
  const gtHasId = new Uint8Array(G);
  for (let j = 0; j < G; j++) {
    const g = gts[order[j]!]!;
    gtIg[j] = ignored[order[j]!] ? 1 : 0;
    gtCrowd[j] = g.crowd ? 1 : 0;
    gtHasId[j] = g.id !== 0 ? 1 : 0;
  }
  const D = Math.min(dts.length, maxDet);
  const T = iouThrs.length;
  const dtMatched = new Uint8Array(T * D);
  const dtIgnore = new Uint8Array(T * D);
  if (G > 0 && D > 0) {
    const gtTaken = new Uint8Array(G);
    for (let t = 0; t < T; t++) {
      gtTaken.fill(0);
      for (let d = 0; d < D; d++) {
        let best = Math.min(iouThrs[t]!, 1 - 1e-10);
        let m = -1;
        const row = d * G;
        for (let j = 0; j < G; j++) {
          if (gtTaken[j] && !gtCrowd[j]) continue;
          if (m > -1 && gtIg[m] === 0 && gtIg[j] === 1) break;
          const iou = ious[row + order[j]!]!;
          if (iou < best) continue;
          best = iou;
          m = j;
        }
        if (m === -1) continue;
        dtIgnore[t * D + d] = gtIg[m]!;
        dtMatched[t * D + d] = gtHasId[m]!;
        gtTaken[m] = 1;
      }
    }
  }
  const dtScores = new Float64Array(D);
  for (let d = 0; d < D; d++) {
    const dt = dts[d]!;
    dtScores[d] = dt.score;
    if (dt.area < lo || dt.area > hi) {
      for (let t = 0; t < T; t++) if (!dtMatched[t * D + d]) dtIgnore[t * D + d] = 1;
    }
  }
  return { dtScores, dtMatched, dtIgnore, numGtKept };
}

/** Indices of `scores` ordered highest first, ties in their original order (numpy argsort(-s, kind='mergesort')). */
export function argsortDescending(scores: ArrayLike<number>): Uint32Array {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return Uint32Array.from(idx);
}
