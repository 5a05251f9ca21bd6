/**
 * ResNet50 pre-processing: a photo becomes one [3,224,224] float32 image with one of the two presets from
 * @modelbench/vision (torchvision's Resize(256)+CenterCrop(224), or the original's direct 224×224 resize); one
 * sample's feeds are that image as [1,3,224,224]. Pure.
 */
import { BenchError } from '@modelbench/core';
import type { Feeds } from '@modelbench/backends';
import { ORIGINAL_DIRECT_224, preprocess, TORCHVISION_IMAGENET, type PreprocessPreset, type RgbImage } from '@modelbench/vision';
import type { ClassifierBinding } from './adapters.ts';
import type { PhotoSample } from './samples.ts';

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

/** One photo → [3,224,224] float32. */
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

/** An [n,3,224,224] batch as the bound model's feeds. */
export function imageFeeds(bound: ClassifierBinding, data: Float32Array, n: number): Feeds {
  return { [bound.inputName]: { type: 'float32', dims: [n, 3, 224, 224], data } };
}

/** One sample's feeds: its photo as a batch of one. */
export function preprocessPhoto(sample: PhotoSample, bound: ClassifierBinding): Feeds {
  if (bound.fixedBatch !== null && bound.fixedBatch !== 1) {
    throw new BenchError('MODEL_SIGNATURE', `the model's batch dimension is fixed at ${bound.fixedBatch}; validate feeds one image per call`, { hint: 'export the model with a batch dimension of 1 or a dynamic one' });
  }
  return imageFeeds(bound, imageTensor(sample.photo.image, sample.preset), 1);
}
