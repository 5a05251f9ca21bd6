/**
 * JPEG and PNG decoding through sharp (libvips with libjpeg-turbo's decoder as mozjpeg ships it, and libpng), to the
 * same pixels as PIL's `Image.open(p).convert('RGB')` (Pillow over libjpeg-turbo and zlib): the test checks a digest
 * of every sample photo's RGB bytes against PIL's.
 *
 * What is done to match PIL:
 * - the embedded ICC profile is ignored (`ignoreIcc`): PIL hands out the stored pixels without colour management;
 * - no EXIF auto-orientation (sharp's default; PIL's `Image.open` does not rotate either);
 * - grey is replicated into R, G and B here, and alpha is dropped without compositing, as `convert('RGB')` does.
 * Known differences: a CMYK JPEG goes through libvips' CMYK profile (PIL inverts the channels without a profile);
 * 16-bit PNGs are reduced to 8 bits by libvips (PIL keeps the high byte).
 */
import sharp from 'sharp';
import type { RgbImage } from './image.ts';

export interface SharpDecoded {
  image: RgbImage;
  /** channels sharp produced before conversion to RGB: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA */
  channels: number;
  /** EXIF orientation tag (1–8) when present; never applied */
  exifOrientation: number | undefined;
}

/** 1, 2, 3 or 4 interleaved channels → RGB (grey replicated, alpha dropped). */
export function channelsToRgb(data: Uint8Array, width: number, height: number, channels: number): RgbImage {
  const n = width * height;
  if (channels === 3) return { width, height, data: data.length === n * 3 ? data : data.slice(0, n * 3) };
  const out = new Uint8Array(n * 3);
  for (let p = 0, i = 0, o = 0; p < n; p++, i += channels, o += 3) {
    if (channels <= 2) {
      const g = data[i] as number;
      out[o] = g;
      out[o + 1] = g;
      out[o + 2] = g;
    } else {
      out[o] = data[i] as number;
      out[o + 1] = data[i + 1] as number;
      out[o + 2] = data[i + 2] as number;
    }
  }
  return { width, height, data: out };
}

/** Decodes JPEG or PNG bytes; throws sharp's own error on corrupt data (the caller names the file). */
export async function decodeWithSharp(bytes: Uint8Array, maxPixels: number): Promise<SharpDecoded> {
  const input = sharp(bytes, { ignoreIcc: true, limitInputPixels: maxPixels, failOn: 'error', autoOrient: false });
  const meta = await input.metadata();
  const { data, info } = await input.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (info.channels < 1 || info.channels > 4) throw new Error(`unexpected ${info.channels} channels`);
  return { image: channelsToRgb(raw, info.width, info.height, info.channels), channels: info.channels, exifOrientation: meta.orientation };
}
