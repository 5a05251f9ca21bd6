/**
 * Mask operations on COCO RLEs, each computing what its maskApi.c namesake (cocodataset/cocoapi common/) computes:
 * polygon rasterisation (rleFrPoly: the outline upsampled ×5, the same truncating rounding), box → RLE (rleFrBbox),
 * union/intersection (rleMerge), area (rleArea), bounding box (rleToBbox) and IoU (rleIou).
 */
import { BenchError } from '@modelbench/core';
import type { Rle } from './rle.ts';
import { boxIou } from './iou.ts';

/** C's `(int)(v)`: truncation toward zero. */
const toInt = Math.trunc;

/**
 * Rasterises one polygon `[x0, y0, x1, y1, …]` (pixel coordinates, pixel centres at integers + 0.5 as COCO draws them)
 * into an h × w RLE, as maskApi rleFrPoly does; an odd trailing coordinate is ignored, as there.
 */
export function rleFromPolygon(xy: readonly number[], h: number, w: number): Rle {
  const k = Math.floor(xy.length / 2);
  if (k < 1) throw new BenchError('BAD_INPUT', `a polygon has ${xy.length} coordinates; it needs at least one x, y pair`, { hint: 'polygons are flat lists [x0, y0, x1, y1, …]' });
  const scale = 5;
  const x = new Int32Array(k + 1);
  const y = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) x[j] = toInt(scale * xy[j * 2]! + 0.5);
  for (let j = 0; j < k; j++) y[j] = toInt(scale * xy[j * 2 + 1]! + 0.5);
  x[k] = x[0]!;
  y[k] = y[0]!;
  let m = 0;
  for (let j = 0; j < k; j++) m += Math.max(Math.abs(x[j]! - x[j + 1]!), Math.abs(y[j]! - y[j + 1]!)) + 1;
  // upsampled points densely along the whole boundary
  const u = new Int32Array(m);
  const v = new Int32Array(m);
  m = 0;
  for (let j = 0; j < k; j++) {
    let xs = x[j]!;
    let xe = x[j + 1]!;
    let ys = y[j]!;
    let ye = y[j + 1]!;
    const dx = Math.abs(xe - xs);
    const dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      [xs, xe] = [xe, xs];
      [ys, ye] = [ye, ys];
    }
    const s = dx >= dy ? (ye - ys) / dx : (xe - xs) / dy;
    if (dx >= dy) {
      for (let d = 0; d <= dx; d++) {
        const t = flip ? dx - d : d;
        u[m] = t + xs;
        v[m] = toInt(ys + s * t + 0.5);
        m++;
      }
    } else {
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        v[m] = t + ys;
        u[m] = toInt(xs + s * t + 0.5);
        m++;
      }
    }
  }
  // points where the boundary crosses a pixel column, downsampled
  const bx: number[] = [];
  const by: number[] = [];
  for (let j = 1; j < m; j++) {
    if (u[j] === u[j - 1]) continue;
    let xd = u[j]! < u[j - 1]! ? u[j]! : u[j]! - 1;
    xd = (xd + 0.5) / scale - 0.5;
    if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) continue;
    let yd = v[j]! < v[j - 1]! ? v[j]! : v[j - 1]!;
    yd = (yd + 0.5) / scale - 0.5;
    if (yd < 0) yd = 0;
    else if (yd > h) yd = h;
    yd = Math.ceil(yd);
    bx.push(xd);
    by.push(yd);
  }
  // RLE from the column-boundary points: sorted flat positions, then their differences
  const n = bx.length;
  const a = new Float64Array(n + 1);
  for (let j = 0; j < n; j++) a[j] = (bx[j]! * h + by[j]!) >>> 0;
  a[n] = h * w;
  a.sort();
  let p = 0;
  for (let j = 0; j <= n; j++) {
    const t = a[j]!;
    a[j] -= p;
    p = t;
  }
  const b: number[] = [a[0]!];
  let j = 1;
  while (j <= n) {
    if (a[j]! > 0) b.push(a[j++]!);
    else {
      j++;
      if (j <= n) b[b.length - 1] += a[j++]!;
    }
  }
  return { h, w, counts: Uint32Array.from(b) };
}

/** The RLE of a box [x, y, w, h] in an imgH × imgW image (maskApi rleFrBbox: the box's outline as a polygon). */
export function rleFromBox(box: readonly number[], imgH: number, imgW: number): Rle {
  const [xs, ys, bw, bh] = box as [number, number, number, number];
  const xe = xs + bw;
  const ye = ys + bh;
  return rleFromPolygon([xs, ys, xs, ye, xe, ye, xe, ys], imgH, imgW);
}

/** Union (or intersection) of RLEs of one size (maskApi rleMerge); masks of different sizes give an empty 0×0 RLE. */
export function rleMerge(rles: readonly Rle[], intersect = false): Rle {
  if (rles.length === 0) return { h: 0, w: 0, counts: new Uint32Array(0) };
  const first = rles[0]!;
  if (rles.length === 1) return { h: first.h, w: first.w, counts: first.counts.slice() };
  const { h, w } = first;
  let acc: Uint32Array = first.counts;
  for (let i = 1; i < rles.length; i++) {
    const bR = rles[i]!;
    if (bR.h !== h || bR.w !== w) return { h: 0, w: 0, counts: new Uint32Array(0) };
    const A = acc;
    const B = bR.counts;
    const out: number[] = [];
    let ca = A[0] ?? 0;
    let cb = B[0] ?? 0;
    let v = 0;
    let va = 0;
    let vb = 0;
    let a = 1;
    let b = 1;
    let cc = 0;
    let ct = 1;
    while (ct > 0) {
      const c = Math.min(ca, cb);
      cc += c;
      ct = 0;
      ca -= c;
      if (!ca && a < A.length) {
        ca = A[a++]!;
        va ^= 1;
      }
      ct += ca;
      cb -= c;
      if (!cb && b < B.length) {
        cb = B[b++]!;
        vb ^= 1;
      }
      ct += cb;
      const vp = v;
      v = intersect ? va & vb : va | vb;
      if (v !== vp || ct === 0) {
        out.push(cc);
        cc = 0;
      }
    }
    acc = Uint32Array.from(out);
  }
  return { h, w, counts: acc };
}

/** Number of 1 pixels (maskApi rleArea). */
export function rleArea(r: Rle): number {
  let a = 0;
  for (let j = 1; j < r.counts.length; j += 2) a += r.counts[j]!;
  return a;
}

/**
 * Bounding box [x, y, w, h] of the 1 pixels (maskApi rleToBbox); like maskApi, a mask whose runs of 1s cross from one
 * column into the next gets the full image height.
 */
export function rleToBox(r: Rle): [number, number, number, number] {
  const { h, w } = r;
  const m = Math.floor(r.counts.length / 2) * 2;
  if (m === 0) return [0, 0, 0, 0];
  let xs = w;
  let ys = h;
  let xe = 0;
  let ye = 0;
  let cc = 0;
  let xp = 0;
  for (let j = 0; j < m; j++) {
    cc += r.counts[j]!;
    const t = cc - (j % 2);
    const yy = t % h;
    const xx = (t - yy) / h;
    if (j % 2 === 0) xp = xx;
    else if (xp < xx) {
      ys = 0;
      ye = h - 1;
    }
    xs = Math.min(xs, xx);
    xe = Math.max(xe, xx);
    ys = Math.min(ys, yy);
    ye = Math.max(ye, yy);
  }
  return [xs, ys, xe - xs + 1, ye - ys + 1];
}

/**
 * IoU of each detection mask with each ground-truth mask, `out[d * gts.length + g]` (maskApi rleIou): 0 where the
 * bounding boxes do not overlap, -1 where the sizes differ, and for a crowd ground truth the intersection over the
 * detection's area.
 */
export function rleIouMatrix(dts: readonly Rle[], gts: readonly Rle[], gtCrowd: readonly boolean[]): Float64Array {
  const D = dts.length;
  const G = gts.length;
  const out = new Float64Array(D * G);
  const dtBoxes = dts.map(rleToBox);
  const gtBoxes = gts.map(rleToBox);
  for (let g = 0; g < G; g++) {
    const gt = gts[g]!;
    const crowd = gtCrowd[g] === true;
    for (let d = 0; d < D; d++) {
      if (boxIou(dtBoxes[d]!, gtBoxes[g]!, crowd) <= 0) continue;
      const dt = dts[d]!;
      if (dt.h !== gt.h || dt.w !== gt.w) {
        out[d * G + g] = -1;
        continue;
      }
      out[d * G + g] = rlePairIou(dt.counts, gt.counts, crowd);
    }
  }
  return out;
}

function rlePairIou(A: Uint32Array, B: Uint32Array, crowd: boolean): number {
  let ca = A[0] ?? 0;
  let cb = B[0] ?? 0;
  let va = 0;
  let vb = 0;
  let a = 1;
  let b = 1;
  let inter = 0;
  let union = 0;
  let ct = 1;
  while (ct > 0) {
    const c = Math.min(ca, cb);
    if (va || vb) {
      union += c;
      if (va && vb) inter += c;
    }
    ct = 0;
    ca -= c;
    if (!ca && a < A.length) {
      ca = A[a++]!;
      va ^= 1;
    }
    ct += ca;
    cb -= c;
    if (!cb && b < B.length) {
      cb = B[b++]!;
      vb ^= 1;
    }
    ct += cb;
  }
  if (inter === 0) union = 1;
  else if (crowd) {
    union = 0;
    for (let j = 1; j < A.length; j += 2) union += A[j]!;
  }
  return inter / union;
}
