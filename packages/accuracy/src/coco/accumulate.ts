/**
 * Precision and recall of one category × area range × maxDets cell, as pycocotools' COCOeval.accumulate computes them:
 * each image's first maxDet detections are pooled and sorted by score (stable, as numpy's mergesort on -score);
 * cumulative true/false positives over the non-ignored ones give recall tp/npig and precision tp/(tp+fp+ε);
 * precision is made non-increasing from the right, then read at the 101 recall thresholds (the first detection whose
 * recall reaches each; 0 past the last). Cells with no images or no kept ground truth are left at -1 by the caller.
 */
import type { ImageEval } from './evaluate.ts';

/** numpy.spacing(1): the gap between 1 and the next double. */
const EPS = 2.220446049250313e-16;

export interface CellResult {
  /** [T × R]: row per IoU threshold, interpolated precision at each recall threshold */
  precision: Float64Array;
  /** [T]: the recall reached with all maxDet detections */
  recall: Float64Array;
}

/**
 * The cell's detections pooled over its images (each image's in score order) and sorted by score, highest first,
 * ties in pooled order. The same pool serves every area range and maxDets of a category (the images and their
 * detections are the same; a smaller maxDets keeps a subsequence, and the stable order of a subsequence is the
 * subsequence of the stable order).
 */
export interface DetectionPool {
  /** per sorted position: which evaluation (image) it comes from */
  image: Uint32Array;
  /** per sorted position: its index among that image's detections (its rank there) */
  rank: Uint32Array;
}

export function poolDetections(evals: readonly ImageEval[]): DetectionPool {
  let n = 0;
  for (const e of evals) n += e.dtScores.length;
  const scores = new Float64Array(n);
  const image = new Uint32Array(n);
  const rank = new Uint32Array(n);
  let p = 0;
  evals.forEach((e, i) => {
    for (let d = 0; d < e.dtScores.length; d++, p++) {
      scores[p] = e.dtScores[d]!;
      image[p] = i;
      rank[p] = d;
    }
  });
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return { image: Uint32Array.from(order, (q) => image[q]!), rank: Uint32Array.from(order, (q) => rank[q]!) };
}

/** @param evals the non-null image evaluations of the cell, in image order (the pool's, when one is given) */
export function accumulateCell(
  evals: readonly ImageEval[],
  maxDet: number,
  iouThrs: readonly number[],
  recThrs: readonly number[],
  pool: DetectionPool = poolDetections(evals),
): CellResult | null {
  if (evals.length === 0) return null;
  let npig = 0;
  for (const e of evals) npig += e.numGtKept;
  if (npig === 0) return null;
  const T = iouThrs.length;
  const R = recThrs.length;
  // the pooled detections within each image's first maxDet, in score order
  const kept: number[] = [];
  for (let j = 0; j < pool.rank.length; j++) if (pool.rank[j]! < maxDet) kept.push(j);
  const n = kept.length;
  const precision = new Float64Array(T * R);
  const recall = new Float64Array(T);
  const rc = new Float64Array(n);
  const pr = new Float64Array(n);
  for (let t = 0; t < T; t++) {
    let tp = 0;
    let fp = 0;
    for (let j = 0; j < n; j++) {
      const q = kept[j]!;
      const e = evals[pool.image[q]!]!;
      const at = t * e.dtScores.length + pool.rank[q]!;
      if (!e.dtIgnore[at]) {
        if (e.dtMatched[at]) tp++;
        else fp++;
      }
      rc[j] = tp / npig;
      pr[j] = tp / (fp + tp + EPS);
    }
    recall[t] = n > 0 ? rc[n - 1]! : 0;
    for (let j = n - 1; j > 0; j--) if (pr[j]! > pr[j - 1]!) pr[j - 1] = pr[j]!;
    // searchsorted(rc, recThrs, side='left'): rc is non-decreasing, and so are the thresholds
    let j = 0;
    for (let r = 0; r < R; r++) {
      while (j < n && rc[j]! < recThrs[r]!) j++;
      if (j >= n) break;
      precision[t * R + r] = pr[j]!;
    }
  }
  return { precision, recall };
}
