/** Runs a PreprocessPreset on an RgbImage: resize, centre crop, float conversion, padding. Pure. */
import { BenchError } from '@modelbench/core';
import { centerCropOffsets, cropRgb } from './crop.ts';
import type { RgbImage } from './image.ts';
import type { PreprocessPreset, ResizeSpec } from './preprocess-presets.ts';
import { resizePilBilinear } from './resize-pil.ts';
import { resizeTorchBilinear } from './resize-torch.ts';
import { padChwToMultiple, toFloatTensor } from './tensor.ts';

export interface PreprocessResult {
  data: Float32Array;
  /** [3,H,W] for CHW, [H,W,3] for HWC; no batch dimension. */
  dims: number[];
  /** size after the resize, before crop and padding. */
  resized: { width: number; height: number };
  /** resized / original, per axis: divide model boxes by these to get original-image pixels. */
  scaleX: number;
  scaleY: number;
  /** top-left of the crop inside the resized image (0,0 without a crop). */
  cropOffset: { left: number; top: number };
}

/** The size a ResizeSpec gives an image of width × height. */
export function resizedSize(spec: ResizeSpec, width: number, height: number): { width: number; height: number } {
  switch (spec.kind) {
    case 'none':
      return { width, height };
    case 'exact':
      return { width: spec.width, height: spec.height };
    case 'shorter-side': {
      const short = Math.min(width, height);
      const long = Math.max(width, height);
      const newLong = Math.trunc((spec.size * long) / short);
      return width <= height ? { width: spec.size, height: newLong } : { width: newLong, height: spec.size };
    }
    case 'shorter-side-ratio': {
      const ratio = spec.size / Math.min(width, height);
      return { width: Math.trunc(ratio * width), height: Math.trunc(ratio * height) };
    }
    case 'min-max': {
      const f = Math.fround;
      const scale = Math.min(f(spec.min / f(Math.min(width, height))), f(spec.max / f(Math.max(width, height))));
      return { width: Math.floor(width * scale), height: Math.floor(height * scale) };
    }
  }
}

export function preprocess(img: RgbImage, preset: PreprocessPreset): PreprocessResult {
  const size = resizedSize(preset.resize, img.width, img.height);
  if (size.width < 1 || size.height < 1) {
    throw new BenchError('BAD_INPUT', `${img.width}x${img.height} image resizes to nothing under preset ${preset.id}`);
  }
  const scaleX = size.width / img.width;
  const scaleY = size.height / img.height;
  const layout = preset.tensor.layout;
  let cropOffset = { left: 0, top: 0 };
  let data: Float32Array;
  let h: number;
  let w: number;
  if (preset.interpolation === 'pil-bilinear') {
    let cur = resizePilBilinear(img, size.width, size.height);
    if (preset.crop) {
      cropOffset = centerCropOffsets(cur.width, cur.height, preset.crop.width, preset.crop.height);
      cur = cropRgb(cur, cropOffset.left, cropOffset.top, preset.crop.width, preset.crop.height);
    }
    data = toFloatTensor(cur, preset.tensor);
    h = cur.height;
    w = cur.width;
  } else {
    if (preset.crop || layout !== 'CHW') {
      throw new BenchError('INTERNAL', `preset ${preset.id}: 'torch-bilinear' supports neither a crop nor HWC layout`);
    }
    const planes = toFloatTensor(img, preset.tensor);
    data = resizeTorchBilinear(planes, 3, img.height, img.width, size.height, size.width);
    h = size.height;
    w = size.width;
  }
  if (preset.padToMultiple > 1) {
    if (layout !== 'CHW') throw new BenchError('INTERNAL', `preset ${preset.id}: padding needs CHW layout`);
    const padded = padChwToMultiple(data, 3, h, w, preset.padToMultiple);
    data = padded.data;
    h = padded.height;
    w = padded.width;
  }
  return { data, dims: layout === 'CHW' ? [3, h, w] : [h, w, 3], resized: size, scaleX, scaleY, cropOffset };
}
