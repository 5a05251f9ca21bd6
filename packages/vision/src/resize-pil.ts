/**
 * Bilinear resize of an 8-bit RGB image exactly as Pillow's `Image.resize(size, Image.BILINEAR)` computes it
 * (libImaging/Resample.c): a separable convolution with the triangle filter, whose support widens by the scale factor
 * when downscaling (antialiasing), weights normalised per output pixel and quantised to 22-bit fixed point, a
 * horizontal pass first, rounding to uint8 between the passes, and a pass skipped when that side keeps its size.
 * torchvision's `transforms.Resize` on a PIL image calls exactly this, so the bytes match torchvision's.
 */
import { BenchError } from '@modelbench/core';
import type { RgbImage } from './image.ts';

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

export interface ResampleCoefficients {
  /** per output index: first input index used. */
  readonly first: Int32Array;
  /** per output index: number of input indices used. */
  readonly count: Int32Array;
  /** per output index, `ksize` fixed-point weights (2^22 = 1.0). */
  readonly weights: Int32Array;
  readonly ksize: number;
}

function triangle(x: number): number {
  const a = x < 0 ? -x : x;
  return a < 1 ? 1 - a : 0;
}

/** Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for the BILINEAR filter (support 1) over [0, inSize). */
export function pilBilinearCoefficients(inSize: number, outSize: number): ResampleCoefficients {
  const scale = inSize / outSize;
  const filterScale = scale < 1 ? 1 : scale;
  const support = 1.0 * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  const ss = 1.0 / filterScale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = triangle((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww !== 0 ? (k[x] as number) / ww : (k[x] as number);
      weights[xx * ksize + x] = v < 0 ? Math.trunc(-0.5 + v * ONE) : Math.trunc(0.5 + v * ONE);
    }
    first[xx] = xmin;
    count[xx] = xmax;
  }
  return { first, count, weights, ksize };
}

/** `in >> PRECISION_BITS` clipped to 0..255, as Pillow's clip8 lookup. */
function clip8(acc: number): number {
  const v = Math.floor(acc / ONE);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

function horizontalPass(src: RgbImage, outWidth: number, rowFirst: number, rowCount: number, c: ResampleCoefficients): RgbImage {
  const out = new Uint8Array(outWidth * rowCount * 3);
  const inRow = src.width * 3;
  for (let y = 0; y < rowCount; y++) {
    const rowBase = (y + rowFirst) * inRow;
    for (let xx = 0; xx < outWidth; xx++) {
      const xmin = c.first[xx] as number;
      const n = c.count[xx] as number;
      const kb = xx * c.ksize;
      let s0 = HALF;
      let s1 = HALF;
      let s2 = HALF;
      for (let x = 0; x < n; x++) {
        const w = c.weights[kb + x] as number;
        const p = rowBase + (xmin + x) * 3;
        s0 += (src.data[p] as number) * w;
        s1 += (src.data[p + 1] as number) * w;
        s2 += (src.data[p + 2] as number) * w;
      }
      const o = (y * outWidth + xx) * 3;
      out[o] = clip8(s0);
      out[o + 1] = clip8(s1);
      out[o + 2] = clip8(s2);
    }
  }
  return { width: outWidth, height: rowCount, data: out };
}

function verticalPass(src: RgbImage, outHeight: number, rowShift: number, c: ResampleCoefficients): RgbImage {
  const w3 = src.width * 3;
  const out = new Uint8Array(w3 * outHeight);
  for (let yy = 0; yy < outHeight; yy++) {
    const ymin = (c.first[yy] as number) - rowShift;
    const n = c.count[yy] as number;
    const kb = yy * c.ksize;
    for (let i = 0; i < w3; i++) {
      let s = HALF;
      for (let y = 0; y < n; y++) s += (src.data[(ymin + y) * w3 + i] as number) * (c.weights[kb + y] as number);
      out[yy * w3 + i] = clip8(s);
    }
  }
  return { width: src.width, height: outHeight, data: out };
}

export function resizePilBilinear(img: RgbImage, width: number, height: number): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new BenchError('BAD_INPUT', `resize target must be positive whole numbers, got ${width}x${height}`);
  }
  const needHorizontal = width !== img.width;
  const needVertical = height !== img.height;
  if (!needHorizontal && !needVertical) return { width, height, data: new Uint8Array(img.data) };
  const vert = pilBilinearCoefficients(img.height, height);
  // Only the rows the vertical pass reads are resampled horizontally (Pillow does the same; values are unchanged).
  const rowFirst = vert.first[0] as number;
  const rowLast = (vert.first[height - 1] as number) + (vert.count[height - 1] as number);
  let cur = img;
  let shift = 0;
  if (needHorizontal) {
    cur = horizontalPass(img, width, rowFirst, rowLast - rowFirst, pilBilinearCoefficients(img.width, width));
    shift = rowFirst;
  }
  if (needVertical) cur = verticalPass(cur, height, shift, vert);
  return cur;
}
