/**
 * Mask R-CNN pre-processing: a photo through the bound adapter's preset (torchvision: [0, 1] RGB, the model resizes;
 * Zoo: shorter side 800, BGR minus mean, padded to 32) as the model's feeds, and the geometry post-processing needs
 * to put boxes back into the photo's pixels. Pure.
 */
import type { Feeds } from '@modelbench/backends';
import { preprocess, resizedSize, type LoadedImage } from '@modelbench/vision';
import type { InstanceBinding } from './adapters.ts';

/** What the photo became before the model saw it (scale = model pixels per photo pixel). */
export interface PhotoGeometry {
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
}

export interface ModelInput extends PhotoGeometry {
  data: Float32Array;
  /** [3, H, W] */
  dims: number[];
}

export function photoInput(photo: LoadedImage, bound: InstanceBinding): ModelInput {
  const pre = preprocess(photo.image, bound.preset);
  return { data: pre.data, dims: pre.dims, width: photo.image.width, height: photo.image.height, scaleX: pre.scaleX, scaleY: pre.scaleY };
}

/** The geometry alone (what preprocess's resize does to the photo's size), without computing the tensor. */
export function photoGeometry(photo: LoadedImage, bound: InstanceBinding): PhotoGeometry {
  const { width, height } = photo.image;
  const size = resizedSize(bound.preset.resize, width, height);
  return { width, height, scaleX: size.width / width, scaleY: size.height / height };
}

export function inputFeeds(bound: InstanceBinding, input: Pick<ModelInput, 'data' | 'dims'>): Feeds {
  return { [bound.inputName]: { type: 'float32', dims: input.dims, data: input.data } };
}

/** One photo's feeds. */
export function preprocessPhoto(photo: LoadedImage, bound: InstanceBinding): Feeds {
  return inputFeeds(bound, photoInput(photo, bound));
}
