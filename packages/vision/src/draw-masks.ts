/**
 * Instance masks blended into a photo as torchvision's `draw_segmentation_masks` does: each mask paints its colour
 * (a later mask over an earlier one), then out = image · (1 − α) + painted · α in float32, truncated to uint8.
 * The original benchmark used α = 0.6. Pixels outside every mask are left exactly as they were (torchvision's float
 * round trip can lower some of them by one level).
 */
import { BenchError } from '@modelbench/core';
import type { Rgb, RgbImage } from './image.ts';

export interface ColouredMask {
  /** width × height bytes of the image, non-zero inside. */
  mask: ArrayLike<number>;
  colour: Rgb;
}

export const DEFAULT_MASK_ALPHA = 0.6;

const f = Math.fround;

export function blendMasks(img: RgbImage, masks: readonly ColouredMask[], alpha = DEFAULT_MASK_ALPHA): RgbImage {
  if (!(alpha >= 0 && alpha <= 1)) throw new BenchError('BAD_INPUT', `mask alpha must be in [0,1], got ${alpha}`);
  const n = img.width * img.height;
  const painted = new Int16Array(n).fill(-1); // index into masks of the colour on top, -1 = none
  masks.forEach((m, k) => {
    if (m.mask.length !== n) {
      throw new BenchError('BAD_INPUT', `mask ${k} has ${m.mask.length} pixels, the image ${img.width}x${img.height} = ${n}`);
    }
    for (let p = 0; p < n; p++) if (m.mask[p]) painted[p] = k;
  });
  const keep = f(1 - alpha);
  const a = f(alpha);
  const out = new Uint8Array(img.data);
  for (let p = 0; p < n; p++) {
    const k = painted[p] as number;
    if (k < 0) continue;
    const c = (masks[k] as ColouredMask).colour;
    for (let ch = 0; ch < 3; ch++) {
      const v = f(f((img.data[p * 3 + ch] as number) * keep) + f((c[ch] as number) * a));
      out[p * 3 + ch] = Math.min(255, Math.trunc(v));
    }
  }
  return { width: img.width, height: img.height, data: out };
}
