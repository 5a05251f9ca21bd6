/**
 * Mask R-CNN's samples: photos (the COCO demo photo, dog.jpg and person.jpg by default, or --images), loaded and
 * checked before any model work.
 */
import { join } from 'node:path';
import { COCO_DEMO_PHOTO, SAMPLE_PHOTOS_DIR, listImageInputs, loadImage, type LoadedImage } from '@modelbench/vision';

/** The default photos: the COCO demo photo (the original's) and the two sample photos made for detection. */
export const DEFAULT_PHOTOS: readonly string[] = [COCO_DEMO_PHOTO, join(SAMPLE_PHOTOS_DIR, 'dog.jpg'), join(SAMPLE_PHOTOS_DIR, 'person.jpg')];

export function loadPhoto(path: string): Promise<LoadedImage> {
  return loadImage(path);
}

/** A photo and the mask threshold its instances are cut at (probability > threshold). */
export interface PhotoSample {
  photo: LoadedImage;
  maskThreshold: number;
}

/** `--images` arguments (and what follows them), or the default photos. */
export async function loadPhotoSamples(images: readonly string[] | undefined, maskThreshold: number): Promise<PhotoSample[]> {
  const samples: PhotoSample[] = [];
  for (const p of images ? listImageInputs(images) : DEFAULT_PHOTOS) samples.push({ photo: await loadPhoto(p), maskThreshold });
  return samples;
}

/** A scenario's performance sample set: Mask R-CNN is not in mlperf.conf; 64, the count of its COCO detectors there
 * (ssd-resnet34, retinanet), stated here. */
export const MASKRCNN_PERFORMANCE_SAMPLES = { count: 64, source: 'stated: Mask R-CNN is not in mlperf.conf; 64 as its COCO detectors (ssd-resnet34, retinanet)' } as const;
