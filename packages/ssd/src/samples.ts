/**
 * SSD's samples: photos (the COCO demo photo and the project's sample photos by default, or --images), loaded with
 * SSD's size limits and checked before any model work.
 */
import { COCO_DEMO_PHOTO, DEFAULT_IMAGE_LIMITS, SAMPLE_PHOTOS_DIR, listImageInputs, loadImage, type ImageLimits, type LoadedImage } from '@modelbench/vision';

/**
 * Both sides at least 32 px: SSD300 stretches any photo to 300×300, and below 32 px (a ≥ 9× upscale) a 300×300
 * detector sees only interpolation. The vision package's defaults otherwise (40 megapixels at most).
 */
export const SSD_IMAGE_LIMITS: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, minSidePx: 32 };

export function loadPhoto(path: string): Promise<LoadedImage> {
  return loadImage(path, SSD_IMAGE_LIMITS);
}

/** `--images` arguments (and what follows them), or the default photos. */
export async function loadPhotos(images: readonly string[] | undefined): Promise<LoadedImage[]> {
  const paths = images ? listImageInputs(images) : [COCO_DEMO_PHOTO, ...listImageInputs([SAMPLE_PHOTOS_DIR])];
  const photos: LoadedImage[] = [];
  for (const p of paths) photos.push(await loadPhoto(p));
  return photos;
}

/** A scenario's performance sample set: mlperf.conf's count for its COCO SSD (ssd-resnet34). */
export const SSD_PERFORMANCE_SAMPLES = { count: 64, source: 'mlperf.conf ssd-resnet34.*.performance_sample_count_override = 64' } as const;
