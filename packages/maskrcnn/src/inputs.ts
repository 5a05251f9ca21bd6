/**
 * What `performance` and `validate` feed the model: a photo loaded by @modelbench/vision and pre-processed with the
 * adapter's preset (torchvision: [0, 1] RGB, the model resizes; Zoo: shorter side 800, BGR minus mean, padded).
 */
import { loadImage, preprocess, type LoadedImage } from '@modelbench/vision';
import type { InstanceAdapter, PhotoGeometry } from './adapters.ts';

export interface ModelInput extends PhotoGeometry {
  data: Float32Array;
  /** [3, H, W] */
  dims: number[];
}

export async function loadPhoto(path: string): Promise<LoadedImage> {
  return loadImage(path);
}

export function photoInput(photo: LoadedImage, adapter: InstanceAdapter): ModelInput {
  const pre = preprocess(photo.image, adapter.preset);
  return { data: pre.data, dims: pre.dims, width: photo.image.width, height: photo.image.height, scaleX: pre.scaleX, scaleY: pre.scaleY };
}
