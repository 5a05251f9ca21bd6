/**
 * Box IoU as maskApi.c bbIou (cocodataset/cocoapi common/) computes it: boxes in COCO's [x, y, w, h], 0 when they do
 * not overlap, and for a crowd ground truth the intersection over the detection's area instead of over the union.
 */

/** IoU of one detection box with one ground-truth box. */
export function boxIou(dt: readonly number[], gt: readonly number[], gtCrowd: boolean): number {
  const [dx, dy, dw, dh] = dt as [number, number, number, number];
  const [gx, gy, gw, gh] = gt as [number, number, number, number];
  const iw = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
  if (iw <= 0) return 0;
  const ih = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
  if (ih <= 0) return 0;
  const inter = iw * ih;
  const union = gtCrowd ? dw * dh : dw * dh + gw * gh - inter;
  return inter / union;
}

/**
 * IoU of each detection box with each ground-truth box, `out[d * G + g]` for G ground truths, from flat [x, y, w, h]
 * arrays (4 numbers a box).
 */
export function boxIouMatrix(dtBoxes: ArrayLike<number>, gtBoxes: ArrayLike<number>, gtCrowd: readonly boolean[]): Float64Array {
  const D = dtBoxes.length / 4;
  const G = gtBoxes.length / 4;
  const out = new Float64Array(D * G);
  for (let g = 0; g < G; g++) {
    const gx = gtBoxes[4 * g]!;
    const gy = gtBoxes[4 * g + 1]!;
    const gw = gtBoxes[4 * g + 2]!;
    const gh = gtBoxes[4 * g + 3]!;
    const ga = gw * gh;
    const crowd = gtCrowd[g] === true;
    for (let d = 0; d < D; d++) {
      const dx = dtBoxes[4 * d]!;
      const dy = dtBoxes[4 * d + 1]!;
      const dw = dtBoxes[4 * d + 2]!;
      const dh = dtBoxes[4 * d + 3]!;
      const iw = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
      if (iw <= 0) continue;
      const ih = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
      if (ih <= 0) continue;
      const inter = iw * ih;
      const da = dw * dh;
      out[d * G + g] = inter / (crowd ? da : da + ga - inter);
    }
  }
  return out;
}
