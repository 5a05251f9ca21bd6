/**
 * The one image type of this package: 8-bit RGB, interleaved, rows top to bottom (HWC), no padding between rows.
 * Everything else (resizing, cropping, drawing) is a pure function over it.
 */
import { BenchError } from '@modelbench/core';

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** width * height * 3 bytes, R G B per pixel, row-major. */
  readonly data: Uint8Array;
}

export type Rgb = readonly [number, number, number];

export function createRgbImage(width: number, height: number, fill: Rgb = [0, 0, 0]): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new BenchError('BAD_INPUT', `image size must be positive whole numbers, got ${width}x${height}`);
  }
  const data = new Uint8Array(width * height * 3);
  if (fill[0] !== 0 || fill[1] !== 0 || fill[2] !== 0) {
    for (let i = 0; i < data.length; i += 3) {
      data[i] = fill[0];
      data[i + 1] = fill[1];
      data[i + 2] = fill[2];
    }
  }
  return { width, height, data };
}

/** Wraps existing bytes, checking the length matches the size. */
export function rgbImage(width: number, height: number, data: Uint8Array): RgbImage {
  if (data.length !== width * height * 3) {
    throw new BenchError('BAD_INPUT', `RGB data of ${data.length} bytes does not match ${width}x${height}x3`);
  }
  return { width, height, data };
}

export function cloneRgbImage(img: RgbImage): RgbImage {
  return { width: img.width, height: img.height, data: new Uint8Array(img.data) };
}

/** Drops the alpha byte of RGBA data (what PIL's `convert('RGB')` does: no compositing onto a background). */
export function rgbaToRgb(rgba: Uint8Array, width: number, height: number): RgbImage {
  const n = width * height;
  if (rgba.length < n * 4) throw new BenchError('BAD_INPUT', `RGBA data of ${rgba.length} bytes is short for ${width}x${height}`);
  const out = new Uint8Array(n * 3);
  for (let p = 0, i = 0, o = 0; p < n; p++, i += 4, o += 3) {
    out[o] = rgba[i] as number;
    out[o + 1] = rgba[i + 1] as number;
    out[o + 2] = rgba[i + 2] as number;
  }
  return { width, height, data: out };
}

/** Opaque RGBA, for encoders that want four channels. */
export function rgbToRgba(img: RgbImage): Uint8Array {
  const n = img.width * img.height;
  const out = new Uint8Array(n * 4);
  for (let p = 0, i = 0, o = 0; p < n; p++, i += 3, o += 4) {
    out[o] = img.data[i] as number;
    out[o + 1] = img.data[i + 1] as number;
    out[o + 2] = img.data[i + 2] as number;
    out[o + 3] = 255;
  }
  return out;
}
