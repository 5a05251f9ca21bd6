/**
 * Mask R-CNN pre-processing: a photo through the bound adapter's preset (torchvision: [0, 1] RGB, the model resizes,
 * or letterboxed into the model's static input size;
 * Zoo: shorter side 800, BGR minus mean, padded to 32) as the model's feeds, and the geometry post-processing needs
 * to put boxes back into the photo's pixels. Pure.
 */
import type { Feeds } from '@modelbench/backends';
import { imageInputFeeds } from '@modelbench/harness';
import { preprocess, type LoadedImage } from '@modelbench/vision';
import type { InstanceBinding } from './adapters.ts';
import { letterbox } from './lib/letterbox.ts';

/** What the photo became before the model saw it (scale = model pixels per photo pixel). */
export interface PhotoGeometry {
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
  /** a static torchvision input: the canvas the photo was letterboxed into and the photo's part of it */
  letterbox?: { canvas: { width: number; height: number }; resized: { width: number; height: number } };
}

export interface ModelInput extends PhotoGeometry {
  data: Float32Array;
  /** [3, H, W] */
  dims: number[];
}

export function photoInput(photo: LoadedImage, bound: InstanceBinding): ModelInput {
  if (bound.layout === 'torchvision' && bound.staticSize) {
    const { width, height } = photo.image;
    const lb = letterbox(photo.image, bound.staticSize);
    const letterboxed = { canvas: bound.staticSize, resized: lb.resized };
    return { data: lb.data, dims: lb.dims, width, height, scaleX: lb.resized.width / width, scaleY: lb.resized.height / height, letterbox: letterboxed };
  }
  const pre = preprocess(photo.image, bound.preset);
  return { data: pre.data, dims: pre.dims, width: photo.image.width, height: photo.image.height, scaleX: pre.scaleX, scaleY: pre.scaleY };
}

/** The input as the model's feeds (the harness's image layout rule). */
export function inputFeeds(bound: InstanceBinding, input: Pick<ModelInput, 'data' | 'dims'>): Feeds {
  return imageInputFeeds(bound, input);
}

/** One photo's feeds. */
export function preprocessPhoto(photo: LoadedImage, bound: InstanceBinding): Feeds {
  return inputFeeds(bound, photoInput(photo, bound));
}
