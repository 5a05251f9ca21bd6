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

const NOT_AN_IMAGE_FIX = 'pass a PNG, JPEG, BMP, GIF or TIFF photo (the name\'s extension is not read: a renamed file is not converted)';

/** The first bytes of a file, as text when they are printable (a text file named .png), as hex otherwise. */
function leadingBytes(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 12);
  const printable = head.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d);
  if (printable) return JSON.stringify(Buffer.from(head).toString('latin1'));
  return Array.from(head, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The fix for a file that cannot be read, by the error code of the read. */
function readFix(code: string | undefined): string {
  if (code === 'EACCES' || code === 'EPERM') return 'check the file permissions (the benchmark needs to read it)';
  if (code === 'ELOOP') return 'a symbolic link in the path points back at itself: pass the file it should name';
  if (code === 'ENOTDIR') return 'a part of the path before the file name is a file, not a folder: check the path';
  if (code === 'ENAMETOOLONG') return 'shorten the path';
  return 'check that the file can be read (copy it to a local disk and pass the copy)';
}

function bad(path: string, what: string, hint?: string): BenchError {
  return new BenchError('BAD_INPUT', `image ${path}: ${what}`, hint ? { hint } : {});
}

export function checkImageSize(path: string, width: number, height: number, limits: ImageLimits): void {
  if (width < limits.minSidePx || height < limits.minSidePx) {
    throw bad(path, `${width}x${height} is too small (each side must be at least ${limits.minSidePx} px)`, `use a photo at least ${limits.minSidePx}x${limits.minSidePx} px`);
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
  if (bytes.length === 0) throw bad(path, 'the file is empty', 'pass a photo; an interrupted copy leaves an empty file, copy it again');
  const header = readImageHeader(bytes);
  if (!header) throw bad(path, `not an image (expected PNG, JPEG, BMP, GIF or TIFF data; it starts with ${leadingBytes(bytes)})`, NOT_AN_IMAGE_FIX);
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
    throw bad(path, `cannot decode the ${header.format.toUpperCase()} data (${(e as Error).message.split('\n')[0]})`, 'the file is truncated or corrupt: copy or export it again');
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
    if (st.isDirectory()) throw bad(path, 'is a folder, not an image file', 'pass an image file (a folder of photos goes to --images DIR)');
    size = st.size;
  } catch (e) {
    if (e instanceof BenchError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw bad(path, 'no such file', `check the path (a relative path starts at ${process.cwd()})`);
    throw bad(path, `cannot read (${code ?? (e as Error).message})`, readFix(code));
  }
  if (size > limits.maxFileBytes) throw bad(path, `file of ${size} bytes is above the limit of ${limits.maxFileBytes} bytes`, 'downscale or recompress the photo');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw bad(path, `cannot read (${code ?? (e as Error).message})`, readFix(code));
  }
  return decodeImage(bytes, path, limits);
}
