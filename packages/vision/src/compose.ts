/** Panels side by side (fp32 | bf16), each with an optional title above it, on a white background. */
import { drawTextMaskInPlace } from './draw.ts';
import { createRgbImage } from './image.ts';
import type { Rgb, RgbImage } from './image.ts';
import { rasterizeText } from './text.ts';
import type { FontSizePx } from './text.ts';

export interface Panel {
  image: RgbImage;
  title?: string;
}

export interface ComposeOptions {
  gapPx?: number;
  background?: Rgb;
  titleFontSizePx?: FontSizePx;
}

export async function composeSideBySide(panels: readonly Panel[], opts: ComposeOptions = {}): Promise<RgbImage> {
  const gap = opts.gapPx ?? 8;
  const background = opts.background ?? [255, 255, 255];
  const titles = await Promise.all(panels.map((p) => (p.title ? rasterizeText(p.title, opts.titleFontSizePx ?? 16) : null)));
  const titleHeight = Math.max(0, ...titles.map((t) => (t ? t.height + 4 : 0)));
  const width = panels.reduce((s, p) => s + p.image.width, 0) + gap * Math.max(0, panels.length - 1);
  const height = titleHeight + Math.max(1, ...panels.map((p) => p.image.height));
  const out = createRgbImage(Math.max(1, width), height, background);
  let x = 0;
  panels.forEach((p, i) => {
    const t = titles[i];
    if (t) drawTextMaskInPlace(out, t, x + Math.max(0, Math.floor((p.image.width - t.width) / 2)), 2, [0, 0, 0]);
    for (let y = 0; y < p.image.height; y++) {
      const s = y * p.image.width * 3;
      out.data.set(p.image.data.subarray(s, s + p.image.width * 3), ((titleHeight + y) * out.width + x) * 3);
    }
    x += p.image.width + gap;
  });
  return out;
}
