/**
 * Decodes an image file into an RgbImage, refusing bad input with a BAD_INPUT error that names the file. Size limits
 * are checked from the header before decoding where the format allows.
 *
 * JPEG and PNG go through sharp (image-decode-sharp.ts): the same pixels as PIL's `Image.open(p).convert('RGB')`
 * over libjpeg-turbo, checked in the tests on every sample photo. BMP, GIF and TIFF go through jimp. Neither path
 * applies the EXIF orientation (PIL's `Image.open` does not); a notice says when a JPEG carries a rotating tag.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { BenchError } from '@modelbench/core';
import { Jimp } from 'jimp';
import { decodeWithSharp } from './image-decode-sharp.ts';
import { readImageHeader } from './image-header.ts';
import type { ImageFormat, SourceColour } from './image-header.ts';
import { rgbaToRgb } from './image.ts';
import type { RgbImage } from './image.ts';

export interface ImageLimits {
  /** width × height above this is refused (a 20000×20000 image is 400 megapixels). */
  maxPixels: number;
  /** both sides must be at least this many pixels. */
  minSidePx: number;
  maxFileBytes: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxPixels: 40_000_000,
  minSidePx: 16,
  maxFileBytes: 256 * 1024 * 1024,
};

export interface LoadedImage {
  path: string;
  /** file name without folders, for tables and output names. */
  name: string;
  image: RgbImage;
  format: ImageFormat;
  sourceColour: SourceColour;
  /** what was done to the pixels on the way to RGB, e.g. 'converted RGBA to RGB (alpha dropped)'. */
  notices: string[];
}

const CONVERSION_NOTICE: Partial<Record<SourceColour, string>> = {
  gray: 'converted grayscale to RGB',
  'gray+alpha': 'converted grayscale+alpha to RGB (alpha dropped)',
  rgba: 'converted RGBA to RGB (alpha dropped)',
  palette: 'converted palette colours to RGB',
  cmyk: 'converted CMYK to RGB',
};

function bad(path: string, what: string, hint?: string): BenchError {
  return new BenchError('BAD_INPUT', `image ${path}: ${what}`, hint ? { hint } : {});
}

export function checkImageSize(path: string, width: number, height: number, limits: ImageLimits): void {
  if (width < limits.minSidePx || height < limits.minSidePx) {
    throw bad(path, `${width}x${height} is too small (each side must be at least ${limits.minSidePx} px)`, 'use a larger photo');
  }
  if (width * height > limits.maxPixels) {
    throw bad(
      path,
      `${width}x${height} = ${((width * height) / 1e6).toFixed(1)} megapixels is above the limit of ${(limits.maxPixels / 1e6).toFixed(0)} megapixels`,
      'downscale the image first',
    );
  }
}

/** Decodes bytes already in memory; `path` is only used in messages. */
export async function decodeImage(bytes: Uint8Array, path: string, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<LoadedImage> {
  if (bytes.length === 0) throw bad(path, 'the file is empty');
  const header = readImageHeader(bytes);
  if (!header) throw bad(path, 'not an image (expected PNG, JPEG, BMP, GIF or TIFF data)');
  if (header.width !== null && header.height !== null) checkImageSize(path, header.width, header.height, limits);

  let image: RgbImage;
  const notices: string[] = [];
  try {
    if (header.format === 'jpeg' || header.format === 'png') {
      const d = await decodeWithSharp(bytes, limits.maxPixels);
      image = d.image;
      if (d.exifOrientation !== undefined && d.exifOrientation > 1) {
        notices.push(`EXIF orientation ${d.exifOrientation} not applied (as PIL's Image.open)`);
      }
    } else {
      const j = await Jimp.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      image = rgbaToRgb(j.bitmap.data, j.bitmap.width, j.bitmap.height);
    }
  } catch (e) {
    throw bad(path, `cannot decode the ${header.format.toUpperCase()} data (${(e as Error).message.split('\n')[0]})`, 'is the file truncated or corrupt?');
  }
  const { width, height } = image;
  checkImageSize(path, width, height, limits);

  const notice = CONVERSION_NOTICE[header.colour];
  if (notice) notices.unshift(notice);
  return { path, name: basename(path), image, format: header.format, sourceColour: header.colour, notices };
}

export async function loadImage(path: string, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<LoadedImage> {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw bad(path, 'is a folder, not an image file');
    size = st.size;
  } catch (e) {
    if (e instanceof BenchError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw bad(path, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`);
  }
  if (size > limits.maxFileBytes) throw bad(path, `file of ${size} bytes is above the limit of ${limits.maxFileBytes} bytes`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw bad(path, `cannot read (${code ?? (e as Error).message})`, code === 'EACCES' ? 'check the file permissions' : undefined);
  }
  return decodeImage(bytes, path, limits);
}
