/**
 * ResNet50 pre-processing: a photo becomes one [3,224,224] float32 image with one of the ImageNet presets from
 * @modelbench/vision, named on the command line (`--preprocess`) as
 * - `torchvision-v1`: torchvision's IMAGENET1K_V1 evaluation transform, Resize(256) + CenterCrop(224) (`torchvision`
 *   is kept as its alias for old command lines);
 * - `torchvision-v2`: IMAGENET1K_V2's, Resize(232) + CenterCrop(224) (`ResNet50_Weights.IMAGENET1K_V2.transforms()`);
 * - `direct-224`: the original benchmark's straight 224×224 resize;
 * each also by its preset id (`torchvision-imagenet`, `torchvision-imagenet-v2`), the name catalogue entries and
 * exports' metadata use. One sample's feeds are that image as [1,3,224,224]. Pure.
 */
import { BenchError, type FlagSpecs } from '@modelbench/core';
import type { Feeds } from '@modelbench/backends';
import { ORIGINAL_DIRECT_224, preprocess, TORCHVISION_IMAGENET, TORCHVISION_IMAGENET_V2, type PreprocessPreset, type RgbImage } from '@modelbench/vision';
import type { ClassifierBinding } from './adapters.ts';
import type { PhotoSample } from './samples.ts';

export const IMAGE_VALUES = 3 * 224 * 224;

/** The command-line names of the presets, in the order help lists them. */
export const RESNET50_PRESETS: Readonly<Record<string, PreprocessPreset>> = {
  'torchvision-v1': TORCHVISION_IMAGENET,
  'torchvision-v2': TORCHVISION_IMAGENET_V2,
  'direct-224': ORIGINAL_DIRECT_224,
};

/** Old names kept working: `torchvision` was the only torchvision preset before V2 was offered. */
export const RESNET50_PRESET_ALIASES: Readonly<Record<string, string>> = { torchvision: 'torchvision-v1' };

export const DEFAULT_PRESET_NAME = 'torchvision-v1';

/**
 * The one `--preprocess` entry of resnet50's flag tables (performance, validate, accuracy). No flag default: absent means the
 * catalogue entry's preset (--model-id), the export's own (metadata `modelbench.preprocess`), else torchvision-v1.
 */
export const preprocessFlag = {
  preprocess: {
    kind: 'string',
    value: 'NAME',
    description: "torchvision-v1 (Resize 256 + CenterCrop 224; alias torchvision) | torchvision-v2 (IMAGENET1K_V2: Resize 232 + CenterCrop 224) | direct-224 (straight resize); default: the --model-id entry's or the export's own preset, else torchvision-v1",
  },
} as const satisfies FlagSpecs;

/** The preset's command-line name (`torchvision-v2` for torchvision-imagenet-v2), or its id when it has none. */
export function presetName(p: PreprocessPreset): string {
  return Object.entries(RESNET50_PRESETS).find(([, v]) => v === p)?.[0] ?? p.id;
}

/** A preset by command-line name, alias or preset id; `what` names where the name came from in the error. */
export function presetByName(name: string, what = '--preprocess'): PreprocessPreset {
  const p = RESNET50_PRESETS[RESNET50_PRESET_ALIASES[name] ?? name] ?? Object.values(RESNET50_PRESETS).find((v) => v.id === name);
  if (!p) {
    throw new BenchError('USAGE', `unknown ${what} '${name}'`, { hint: `choose one of: ${Object.keys(RESNET50_PRESETS).join(', ')} (torchvision = torchvision-v1)` });
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

/** One sample's feeds: its photo as a batch of one (the one route from a photo to inputs: pipeline.ts). */
export function preprocessPhoto(sample: PhotoSample, bound: ClassifierBinding): Feeds {
  return imageFeeds(bound, imageTensor(sample.photo.image, sample.preset), 1);
}
