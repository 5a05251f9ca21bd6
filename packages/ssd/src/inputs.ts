/**
 * What `performance` and `validate` feed the detector: photos (loaded by @modelbench/vision with SSD's size limits,
 * pre-processed by the adapter's preset) or seeded random images in [0, 1].
 */
import { Rng } from '@modelbench/models';
import { DEFAULT_IMAGE_LIMITS, loadImage, preprocess, type ImageLimits, type LoadedImage } from '@modelbench/vision';
import type { DetectorAdapter } from './adapters.ts';

/**
 * Both sides at least 32 px: SSD300 stretches any photo to 300×300, and below 32 px (a ≥ 9× upscale) a 300×300
 * detector sees only interpolation. The vision package's defaults otherwise (40 megapixels at most).
 */
export const SSD_IMAGE_LIMITS: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, minSidePx: 32 };

export interface ModelInput {
  data: Float32Array;
  /** [3, H, W] */
  dims: number[];
  /** the photo's size: detections are returned in these pixels */
  width: number;
  height: number;
}

export async function loadPhoto(path: string): Promise<LoadedImage> {
  return loadImage(path, SSD_IMAGE_LIMITS);
}

export function photoInput(photo: LoadedImage, adapter: DetectorAdapter): ModelInput {
  const pre = preprocess(photo.image, adapter.preset);
  return { data: pre.data, dims: pre.dims, width: photo.image.width, height: photo.image.height };
}

/** torch.rand-like image in [0, 1] ([3, H, W], seeded), normalised as the adapter's model expects. */
export function randomInput(adapter: DetectorAdapter, seed: number): ModelInput {
  const { width, height } = adapter.randomInputSize;
  const data = new Rng(0x55d ^ seed).fillUniform(new Float32Array(3 * width * height), 0, 1);
  if (adapter.randomInputScale === 'imagenet') {
    const { mean, std } = adapter.preset.tensor;
    for (let c = 0; c < 3; c++) {
      const plane = data.subarray(c * width * height, (c + 1) * width * height);
      for (let i = 0; i < plane.length; i++) plane[i] = ((plane[i] as number) - (mean[c] as number)) / (std[c] as number);
    }
  }
  return { data, dims: [3, height, width], width, height };
}
