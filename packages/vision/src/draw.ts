/**
 * Drawing primitives on an RgbImage. They change the image they are given (names end in InPlace); callers that must
 * keep the input clone it first. Coordinates outside the image are clipped.
 */
import type { Rgb, RgbImage } from './image.ts';
import type { TextMask } from './text.ts';

/** Fills the pixels x0 ≤ x < x1, y0 ≤ y < y1. */
export function fillRectInPlace(img: RgbImage, x0: number, y0: number, x1: number, y1: number, c: Rgb): void {
  const xa = Math.max(0, Math.floor(x0));
  const ya = Math.max(0, Math.floor(y0));
  const xb = Math.min(img.width, Math.floor(x1));
  const yb = Math.min(img.height, Math.floor(y1));
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) {
      const o = (y * img.width + x) * 3;
      img.data[o] = c[0];
      img.data[o + 1] = c[1];
      img.data[o + 2] = c[2];
    }
  }
}

/**
 * Outline of the box whose corner pixels are (x0,y0) and (x1,y1) inclusive, `width` pixels thick, growing inwards
 * (as PIL's `ImageDraw.rectangle(outline=…, width=…)`, which torchvision's draw_bounding_boxes uses).
 */
export function strokeRectInPlace(img: RgbImage, x0: number, y0: number, x1: number, y1: number, c: Rgb, width = 1): void {
  const w = Math.max(1, Math.min(width, Math.ceil((x1 - x0 + 1) / 2), Math.ceil((y1 - y0 + 1) / 2)));
  fillRectInPlace(img, x0, y0, x1 + 1, y0 + w, c); // top
  fillRectInPlace(img, x0, y1 - w + 1, x1 + 1, y1 + 1, c); // bottom
  fillRectInPlace(img, x0, y0, x0 + w, y1 + 1, c); // left
  fillRectInPlace(img, x1 - w + 1, y0, x1 + 1, y1 + 1, c); // right
}

/** Blends `colour` through the text's coverage mask with its top-left corner at (x, y). */
export function drawTextMaskInPlace(img: RgbImage, mask: TextMask, x: number, y: number, c: Rgb): void {
  const x0 = Math.round(x);
  const y0 = Math.round(y);
  for (let ty = 0; ty < mask.height; ty++) {
    const py = y0 + ty;
    if (py < 0 || py >= img.height) continue;
    for (let tx = 0; tx < mask.width; tx++) {
      const px = x0 + tx;
      if (px < 0 || px >= img.width) continue;
      const a = (mask.coverage[ty * mask.width + tx] as number) / 255;
      if (a === 0) continue;
      const o = (py * img.width + px) * 3;
      for (let k = 0; k < 3; k++) img.data[o + k] = Math.round((img.data[o + k] as number) * (1 - a) + (c[k] as number) * a);
    }
  }
}
