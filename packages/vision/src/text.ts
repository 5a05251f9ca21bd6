/**
 * Text rendering with jimp's bundled Open Sans bitmap fonts (files inside the jimp package: works offline). Text is
 * rasterised once into a coverage mask (the white font's alpha), which the drawing code blends in any colour.
 */
import { BenchError } from '@modelbench/core';
import { Jimp, loadFont, measureText } from 'jimp';
import { SANS_16_WHITE, SANS_32_WHITE, SANS_8_WHITE } from 'jimp/fonts';

export type FontSizePx = 8 | 16 | 32;

const FONT_FILES: Record<FontSizePx, string> = { 8: SANS_8_WHITE, 16: SANS_16_WHITE, 32: SANS_32_WHITE };

type Font = Awaited<ReturnType<typeof loadFont>>;
const fonts = new Map<FontSizePx, Promise<Font>>();

function font(size: FontSizePx): Promise<Font> {
  let p = fonts.get(size);
  if (!p) {
    p = loadFont(FONT_FILES[size]).catch((e: unknown) => {
      fonts.delete(size);
      throw new BenchError('IO', `cannot load jimp's bundled ${size}px font: ${(e as Error).message}`);
    });
    fonts.set(size, p);
  }
  return p;
}

export interface TextMask {
  width: number;
  height: number;
  /** width × height coverage values, 0 (none) to 255 (full). */
  coverage: Uint8Array;
}

export async function rasterizeText(text: string, size: FontSizePx = 16): Promise<TextMask> {
  const f = await font(size);
  const width = Math.max(1, measureText(f, text));
  const height = f.common.lineHeight;
  const canvas = new Jimp({ width, height, color: 0x00000000 });
  canvas.print({ font: f, x: 0, y: 0, text });
  const rgba = canvas.bitmap.data;
  const coverage = new Uint8Array(width * height);
  for (let p = 0; p < coverage.length; p++) coverage[p] = rgba[p * 4 + 3] as number;
  return { width, height, coverage };
}
