/**
 * Colours per class id: Kenneth Kelly's 22 colours of maximum contrast without white and black (20 colours), taken in
 * order by id modulo 20. Keyed by class id, so a class has the same colour in the fp32 and bf16 pictures; neighbouring
 * COCO ids (person 1, bicycle 2, car 3, …) get clearly different colours. (torchvision's default palette,
 * (i · [2^25−1, 2^15−1, 2^21−1]) mod 255, gives nearly the same green to ids 2 and 18, bicycle and dog.)
 */
import type { Rgb } from './image.ts';

export const KELLY_COLOURS: readonly Rgb[] = [
  [0xf3, 0xc3, 0x00], [0x87, 0x56, 0x92], [0xf3, 0x84, 0x00], [0xa1, 0xca, 0xf1], [0xbe, 0x00, 0x32],
  [0xc2, 0xb2, 0x80], [0x84, 0x84, 0x82], [0x00, 0x88, 0x56], [0xe6, 0x8f, 0xac], [0x00, 0x67, 0xa5],
  [0xf9, 0x93, 0x79], [0x60, 0x4e, 0x97], [0xf6, 0xa6, 0x00], [0xb3, 0x44, 0x6c], [0xdc, 0xd3, 0x00],
  [0x88, 0x2d, 0x17], [0x8d, 0xb6, 0x00], [0x65, 0x45, 0x22], [0xe2, 0x58, 0x22], [0x2b, 0x3d, 0x26],
];

export function paletteColour(id: number): Rgb {
  const n = KELLY_COLOURS.length;
  return KELLY_COLOURS[((Math.trunc(id) % n) + n) % n] as Rgb;
}

/** Relative luminance (ITU-R BT.601 weights), 0–255. */
export function luminance(c: Rgb): number {
  return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
}

/** Black or white, whichever reads better on `background`. */
export function textColourOn(background: Rgb): Rgb {
  return luminance(background) > 140 ? [0, 0, 0] : [255, 255, 255];
}
