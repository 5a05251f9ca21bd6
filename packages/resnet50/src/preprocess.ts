/**
 * ResNet50 pre-processing: a photo becomes one [3,224,224] float32 image with one of the two presets from
 * @modelbench/vision (torchvision's Resize(256)+CenterCrop(224), or the original's direct 224×224 resize).
 */
import { BenchError } from '@modelbench/core';
import {
  DEFAULT_IMAGE_LIMITS,
  loadImage,
  ORIGINAL_DIRECT_224,
  preprocess,
  TORCHVISION_IMAGENET,
  type LoadedImage,
  type PreprocessPreset,
  type RgbImage,
} from '@modelbench/vision';

export const IMAGE_VALUES = 3 * 224 * 224;

export const RESNET50_PRESETS: Readonly<Record<string, PreprocessPreset>> = {
  torchvision: TORCHVISION_IMAGENET,
  'direct-224': ORIGINAL_DIRECT_224,
};

export function presetByName(name: string): PreprocessPreset {
  const p = RESNET50_PRESETS[name];
  if (!p) {
    throw new BenchError('USAGE', `unknown --preprocess '${name}'`, { hint: `choose one of: ${Object.keys(RESNET50_PRESETS).join(', ')}` });
  }
  return p;
}

/** One photo → [3,224,224] float32 (pure). */
export function imageTensor(img: RgbImage, preset: PreprocessPreset): Float32Array {
  const r = preprocess(img, preset);
  if (r.data.length !== IMAGE_VALUES) {
    throw new BenchError('INTERNAL', `preset ${preset.id} produced [${r.dims}], expected [3,224,224]`);
  }
  return r.data;
}

/** `count` copies of one image, back to back: an [count,3,224,224] batch. */
export function repeatImage(image: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count * image.length);
  for (let i = 0; i < count; i++) out.set(image, i * image.length);
  return out;
}

/** Loads every photo before any model work, so bad input fails fast with the file's name. */
export async function loadPhotos(paths: readonly string[]): Promise<LoadedImage[]> {
  const out: LoadedImage[] = [];
  for (const p of paths) out.push(await loadImage(p, DEFAULT_IMAGE_LIMITS));
  return out;
}
