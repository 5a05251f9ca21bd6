/**
 * torchvision AnchorGenerator: per level one size and three aspect ratios; base anchors are
 * round([-w, -h, w, h] / 2) with h = size·sqrt(r), w = size/sqrt(r) (float32, round half to even); the grid shift of
 * level l is (padded image size) // (feature size) — integer division, so P6 at an 800-pixel side has stride 61 —
 * and anchors are ordered (y, x, ratio), the order of the RPN's permute_and_flatten.
 */
import { MASKRCNN_CONFIG as C } from './config.ts';
import type { GraphOps } from './graph-ops.ts';

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Base anchors of one level as [x1, y1, x2, y2] rows, one per aspect ratio, as torchvision computes them. */
export function baseAnchors(size: number, ratios: readonly number[] = C.aspectRatios): number[][] {
  const f = Math.fround;
  return ratios.map((ratio) => {
    const hRatio = f(Math.sqrt(f(ratio)));
    const wRatio = f(1 / hRatio);
    const ws = f(wRatio * size);
    const hs = f(hRatio * size);
    return [-ws, -hs, ws, hs].map((v) => roundHalfEven(f(v / 2)));
  });
}

/**
 * Anchors [Hf·Wf·A, 4] for one feature map `feature` [1, C, Hf, Wf], given the padded image size (int64 [2]).
 * Shifts are exact integers in float32, as torchvision's int32 shifts added to the float base anchors.
 */
export function levelAnchors(o: GraphOps, feature: string, paddedHw: string, size: number): string {
  const gridHw = o.shape(feature, 2, 4);
  const strideHw = o.op('Div', [paddedHw, gridHw]);
  const axis = (i: number): string => {
    const n = o.squeeze(o.slice(gridHw, 0, i, i + 1), [0]);
    const steps = o.op('Range', [o.i64(0), n, o.i64(1)]);
    return o.cast(o.mul(steps, o.slice(strideHw, 0, i, i + 1)), 'FLOAT');
  };
  const shiftY = o.reshape(axis(0), [-1, 1, 1, 1]);
  const shiftX = o.reshape(axis(1), [1, -1, 1, 1]);
  const base = baseAnchors(size);
  const baseTensor = o.f32(base.flat(), [1, 1, base.length, 4]);
  const grid = o.add(o.mul(shiftY, o.f32([0, 1, 0, 1], [4])), o.mul(shiftX, o.f32([1, 0, 1, 0], [4])));
  return o.reshape(o.add(grid, baseTensor), [-1, 4]);
}
