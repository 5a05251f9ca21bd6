/**
 * Plain bilinear resize of float CHW planes as PyTorch's
 * `F.interpolate(x, size, mode='bilinear', align_corners=False)` computes it on the CPU (no antialiasing): source
 * index = (dst + 0.5) · in/out − 0.5 clamped at 0, the two neighbours and their weights, the last pixel repeated at the
 * border; an axis that keeps its size is copied. Index and weight arithmetic is rounded to float32 at each step as in
 * PyTorch's float kernel. torchvision's detection transforms (SSD 300×300, R-CNN shorter side 800) use this on the
 * normalised tensor, and Mask R-CNN's mask pasting uses it on mask probabilities.
 */
import { BenchError } from '@modelbench/core';

const f = Math.fround;

interface AxisTaps {
  i0: Int32Array;
  i1: Int32Array;
  w0: Float32Array;
  w1: Float32Array;
}

export function torchBilinearTaps(inSize: number, outSize: number): AxisTaps {
  const taps: AxisTaps = {
    i0: new Int32Array(outSize),
    i1: new Int32Array(outSize),
    w0: new Float32Array(outSize),
    w1: new Float32Array(outSize),
  };
  const ratio = f(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    if (inSize === outSize) {
      taps.i0[o] = o;
      taps.i1[o] = o;
      taps.w0[o] = 1;
      taps.w1[o] = 0;
      continue;
    }
    let src = f(f(ratio * f(o + 0.5)) - 0.5);
    if (src < 0) src = 0;
    const i0 = Math.min(Math.floor(src), inSize - 1);
    const lambda = Math.min(Math.max(f(src - i0), 0), 1);
    taps.i0[o] = i0;
    taps.i1[o] = i0 + (i0 < inSize - 1 ? 1 : 0);
    taps.w1[o] = lambda;
    taps.w0[o] = f(1 - lambda);
  }
  return taps;
}

/** `planes` holds `channels` planes of inHeight×inWidth floats; returns channels × outHeight × outWidth. */
export function resizeTorchBilinear(
  planes: Float32Array,
  channels: number,
  inHeight: number,
  inWidth: number,
  outHeight: number,
  outWidth: number,
): Float32Array {
  if (planes.length !== channels * inHeight * inWidth) {
    throw new BenchError('BAD_INPUT', `tensor of ${planes.length} values does not match ${channels}x${inHeight}x${inWidth}`);
  }
  if (!(outHeight > 0 && outWidth > 0 && Number.isInteger(outHeight) && Number.isInteger(outWidth))) {
    throw new BenchError('BAD_INPUT', `resize target must be positive whole numbers, got ${outHeight}x${outWidth}`);
  }
  const ty = torchBilinearTaps(inHeight, outHeight);
  const tx = torchBilinearTaps(inWidth, outWidth);
  const out = new Float32Array(channels * outHeight * outWidth);
  for (let c = 0; c < channels; c++) {
    const inBase = c * inHeight * inWidth;
    const outBase = c * outHeight * outWidth;
    for (let y = 0; y < outHeight; y++) {
      const r0 = inBase + (ty.i0[y] as number) * inWidth;
      const r1 = inBase + (ty.i1[y] as number) * inWidth;
      const wy0 = ty.w0[y] as number;
      const wy1 = ty.w1[y] as number;
      for (let x = 0; x < outWidth; x++) {
        const x0 = tx.i0[x] as number;
        const x1 = tx.i1[x] as number;
        const wx0 = tx.w0[x] as number;
        const wx1 = tx.w1[x] as number;
        const top = f(f((planes[r0 + x0] as number) * wx0) + f((planes[r0 + x1] as number) * wx1));
        const bottom = f(f((planes[r1 + x0] as number) * wx0) + f((planes[r1 + x1] as number) * wx1));
        out[outBase + y * outWidth + x] = f(top * wy0) + f(bottom * wy1);
      }
    }
  }
  return out;
}
