/**
 * Colours per class id, from torchvision's `_generate_color_palette` formula: colour(i) = (i · [2^25−1, 2^15−1,
 * 2^21−1]) mod 255. Keyed by class id (not by detection index, as torchvision's default is), so the same class has the
 * same colour in the fp32 and bf16 pictures.
 */
import type { Rgb } from './image.ts';

const FACTORS = [2 ** 25 - 1, 2 ** 15 - 1, 2 ** 21 - 1] as const;

export function paletteColour(id: number): Rgb {
  const i = ((Math.trunc(id) % 255) + 255) % 255;
  // (i · F) mod 255 computed as (i · (F mod 255)) mod 255 to stay in exact integers for any id.
  return [(i * (FACTORS[0] % 255)) % 255, (i * (FACTORS[1] % 255)) % 255, (i * (FACTORS[2] % 255)) % 255];
}

/** Relative luminance (ITU-R BT.601 weights), 0–255. */
export function luminance(c: Rgb): number {
  return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
}

/** Black or white, whichever reads better on `background`. */
export function textColourOn(background: Rgb): Rgb {
  return luminance(background) > 140 ? [0, 0, 0] : [255, 255, 255];
}
