/**
 * The images of an annotated evaluation set (COCO's `images` list: id, file name, width, height) as the workload
 * reads them: every file checked before any model work — there, an image, of the annotated size by its header, within
 * the workload's size limits — and each decoded only when its sample runs, checked against its annotated size once
 * more (boxes and masks are in those pixels). The scoring package parses the annotations; the pixels are read here.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError } from '@modelbench/core';
import { readImageHeader } from './image-header.ts';
import { DEFAULT_IMAGE_LIMITS, checkImageSize, loadImage, type ImageLimits, type LoadedImage } from './image-load.ts';

export interface AnnotatedImageFile {
  id: number;
  /** relative to the images folder */
  fileName: string;
  width: number;
  height: number;
}

function bad(message: string, hint: string): BenchError {
  return new BenchError('BAD_INPUT', message, { hint });
}

function readPrefix(path: string, bytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Every image `source` (the annotations file) names is a file of `imagesDir`, an image, and of the annotated size
 * by its header; one line naming the first problem otherwise (or all the missing files, counted).
 */
export function checkAnnotatedImages(images: readonly AnnotatedImageFile[], imagesDir: string, source: string, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): void {
  const missing: string[] = [];
  for (const img of images) {
    if (img.fileName === '') throw bad(`${source}: image ${img.id} has no file_name`, 'give every image its file_name');
    const path = join(imagesDir, img.fileName);
    if (!existsSync(path)) {
      missing.push(img.fileName);
      continue;
    }
    checkImageSize(path, img.width, img.height, limits);
    const header = readImageHeader(readPrefix(path, 256 * 1024));
    if (!header) throw bad(`image ${path} (image ${img.id} of ${source}) is not an image (expected PNG, JPEG, BMP, GIF or TIFF data)`, 'replace the file with the image the annotations name');
    if (header.width !== null && header.height !== null && (header.width !== img.width || header.height !== img.height)) {
      throw bad(
        `image ${path} is ${header.width}×${header.height} but ${source} says image ${img.id} is ${img.width}×${img.height}`,
        'use the images the annotations were made on (boxes and masks are in their pixels)',
      );
    }
  }
  if (missing.length > 0) {
    throw bad(
      `${missing.length} of ${images.length} images named by ${source} are missing from ${imagesDir} (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''})`,
      'put every image of the annotations in the folder, or pass the right folder with --images DIR',
    );
  }
}

/** Decodes one annotated image (with the workload's size limits) and checks it has the annotated size. */
export async function loadAnnotatedImage(image: AnnotatedImageFile, imagesDir: string, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<LoadedImage> {
  const photo = await loadImage(join(imagesDir, image.fileName), limits);
  if (photo.image.width !== image.width || photo.image.height !== image.height) {
    throw bad(`image ${photo.path} decodes to ${photo.image.width}×${photo.image.height} but the annotations say ${image.width}×${image.height}`, 'use the images the annotations were made on');
  }
  return photo;
}

export interface AnnotatedPhotoSample<I extends AnnotatedImageFile> {
  image: I;
  photo: LoadedImage;
}

/** An annotated set as its scoring package describes it: the manifest identity, the images, where they are. */
export interface AnnotatedImageSet<I extends AnnotatedImageFile, Id> {
  identity: Id;
  images: readonly I[];
  imagesDir: string;
  /** the annotations file, named in messages */
  source: string;
  describe: string[];
}

/**
 * The set as the accuracy mode walks it (the workload makes each loaded image one of the harness's AccuracyItems):
 * its files checked now, keyed by image id, each image decoded when it runs.
 */
export function annotatedPhotoDataset<I extends AnnotatedImageFile, Id>(set: AnnotatedImageSet<I, Id>, limits: ImageLimits = DEFAULT_IMAGE_LIMITS) {
  checkAnnotatedImages(set.images, set.imagesDir, set.source, limits);
  return {
    identity: set.identity,
    count: set.images.length,
    keyAt: (i: number): string => String(set.images[i]!.id),
    async load(i: number): Promise<AnnotatedPhotoSample<I>> {
      const image = set.images[i]!;
      return { image, photo: await loadAnnotatedImage(image, set.imagesDir, limits) };
    },
    describe: (): string[] => set.describe,
  };
}
