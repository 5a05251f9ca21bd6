/**
 * uint8 RGB → float32 tensor, as torchvision's `ToTensor` (÷255 in float32) followed by `Normalize`
 * (`(x - mean) / std`, float32), or numpy's `(x - mean)` for models normalised on the 0–255 scale. Every step is
 * rounded to float32 as torch does (mean and std are float32 too), so the values match torch bit for bit; numpy 1.x
 * also keeps a float32 array minus a float64 scalar in float32, so the Zoo's mean subtraction matches as well.
 */
import { BenchError } from '@modelbench/core';
import type { RgbImage } from './image.ts';

export type Triple = readonly [number, number, number];

export interface TensorConversion {
  /** pixel values are divided by this first: 255 gives [0,1] (ToTensor), 1 keeps 0–255. */
  divideBy: number;
  /** per channel, in the output channel order. */
  mean: Triple;
  std: Triple;
  channelOrder: 'RGB' | 'BGR';
  layout: 'CHW' | 'HWC';
}

const f = Math.fround;

export function toFloatTensor(img: RgbImage, c: TensorConversion): Float32Array {
  if (c.std.some((s) => s === 0)) throw new BenchError('BAD_INPUT', 'normalisation std must not be zero');
  const { width, height, data } = img;
  const n = width * height;
  const out = new Float32Array(n * 3);
  const divisor = f(c.divideBy);
  const mean = c.mean.map(f);
  const std = c.std.map(f);
  // Precompute the 256 possible values per channel: the result depends only on the byte and the channel.
  const table = new Float32Array(256 * 3);
  for (let ch = 0; ch < 3; ch++) {
    for (let v = 0; v < 256; v++) {
      const x = divisor === 1 ? v : f(v / divisor);
      table[ch * 256 + v] = f(f(x - (mean[ch] as number)) / (std[ch] as number));
    }
  }
  const srcChannel = c.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  for (let ch = 0; ch < 3; ch++) {
    const s = srcChannel[ch] as number;
    const t = ch * 256;
    if (c.layout === 'CHW') {
      const base = ch * n;
      for (let p = 0; p < n; p++) out[base + p] = table[t + (data[p * 3 + s] as number)] as number;
    } else {
      for (let p = 0; p < n; p++) out[p * 3 + ch] = table[t + (data[p * 3 + s] as number)] as number;
    }
  }
  return out;
}

/** Zero-pads CHW planes at the bottom and right so both sides are multiples of `multiple` (Zoo Mask R-CNN: 32). */
export function padChwToMultiple(
  planes: Float32Array,
  channels: number,
  height: number,
  width: number,
  multiple: number,
): { data: Float32Array; height: number; width: number } {
  const ph = Math.ceil(height / multiple) * multiple;
  const pw = Math.ceil(width / multiple) * multiple;
  if (ph === height && pw === width) return { data: planes, height, width };
  const out = new Float32Array(channels * ph * pw);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      const s = (c * height + y) * width;
      out.set(planes.subarray(s, s + width), (c * ph + y) * pw);
    }
  }
  return { data: out, height: ph, width: pw };
}
