/** PNG encoding through jimp (8-bit RGB, no alpha), and atomic writing: the file appears complete or not at all. */
import { BenchError, writeFileAtomic } from '@modelbench/core';
import { Jimp, PNGColorType } from 'jimp';
import { rgbToRgba } from './image.ts';
import type { RgbImage } from './image.ts';

export async function encodePng(img: RgbImage): Promise<Uint8Array> {
  try {
    const j = new Jimp({ width: img.width, height: img.height, data: Buffer.from(rgbToRgba(img).buffer) });
    return new Uint8Array(await j.getBuffer('image/png', { colorType: PNGColorType.COLOR }));
  } catch (e) {
    throw new BenchError('INTERNAL', `PNG encoding of a ${img.width}x${img.height} image failed: ${(e as Error).message}`);
  }
}

/** Encodes fully in memory first, then writes a temporary file and renames it over `path`. */
export async function writePng(path: string, img: RgbImage): Promise<void> {
  writeFileAtomic(path, await encodePng(img));
}
