/**
 * SSD pre-processing: a photo through the bound adapter's preset ([3, H, W]; torchvision: [0, 1], the model resizes
 * and normalises, or resized to the model's static size; Zoo: 1200×1200 ImageNet-normalised), or a seeded random
 * image, as the model's feeds. Pure.
 */
import type { Feeds } from '@modelbench/backends';
import { imageInputFeeds } from '@modelbench/harness';
import { Rng } from '@modelbench/models';
import { preprocess, type LoadedImage } from '@modelbench/vision';
import type { DetectorBinding } from './adapters.ts';

export interface ModelInput {
  data: Float32Array;
  /** [3, H, W] */
  dims: number[];
  /** the photo's size: detections are returned in these pixels */
  width: number;
  height: number;
}

export function photoInput(photo: LoadedImage, bound: DetectorBinding): ModelInput {
  const pre = preprocess(photo.image, bound.preset);
  return { data: pre.data, dims: pre.dims, width: photo.image.width, height: photo.image.height };
}

/** torch.rand-like image in [0, 1] ([3, H, W], seeded), normalised as the bound model expects. */
export function randomInput(bound: DetectorBinding, seed: number): ModelInput {
  const { width, height } = bound.randomInputSize;
  const data = new Rng(0x55d ^ seed).fillUniform(new Float32Array(3 * width * height), 0, 1);
  if (bound.randomInputScale === 'imagenet') {
    const { mean, std } = bound.preset.tensor;
    for (let c = 0; c < 3; c++) {
      const plane = data.subarray(c * width * height, (c + 1) * width * height);
      for (let i = 0; i < plane.length; i++) plane[i] = ((plane[i] as number) - (mean[c] as number)) / (std[c] as number);
    }
  }
  return { data, dims: [3, height, width], width, height };
}

/** The input as the model's feeds (the harness's image layout rule). */
export function inputFeeds(bound: DetectorBinding, input: Pick<ModelInput, 'data' | 'dims'>): Feeds {
  return imageInputFeeds(bound, input);
}

/** One photo's feeds. */
export function preprocessPhoto(photo: LoadedImage, bound: DetectorBinding): Feeds {
  return inputFeeds(bound, photoInput(photo, bound));
}
