/** Cropping, with torchvision's `center_crop` offsets. */
import { BenchError } from '@modelbench/core';
import type { RgbImage } from './image.ts';

/** Python 3's `round()`: halves go to the even neighbour (round(80.5) = 80, round(81.5) = 82). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torchvision: `crop_top = int(round((h - crop_h) / 2.0))`, `crop_left = int(round((w - crop_w) / 2.0))`. */
export function centerCropOffsets(
  width: number,
  height: number,
  cropWidth: number,
  cropHeight: number,
): { left: number; top: number } {
  return { left: roundHalfEven((width - cropWidth) / 2), top: roundHalfEven((height - cropHeight) / 2) };
}

export function cropRgb(img: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  if (left < 0 || top < 0 || width <= 0 || height <= 0 || left + width > img.width || top + height > img.height) {
    throw new BenchError(
      'BAD_INPUT',
      `crop ${width}x${height} at (${left},${top}) does not fit inside the ${img.width}x${img.height} image`,
    );
  }
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const s = ((top + y) * img.width + left) * 3;
    out.set(img.data.subarray(s, s + width * 3), y * width * 3);
  }
  return { width, height, data: out };
}

export function centerCropRgb(img: RgbImage, width: number, height: number): RgbImage {
  const { left, top } = centerCropOffsets(img.width, img.height, width, height);
  return cropRgb(img, left, top, width, height);
}
