/**
 * ResNet50's samples: photos (files or folders; the six sample photos by default), each loaded and checked before
 * any model work, with the pre-processing preset chosen by --preprocess.
 */
import { DEFAULT_IMAGE_LIMITS, listImageInputs, loadImage, SAMPLE_PHOTOS_DIR, type LoadedImage, type PreprocessPreset } from '@modelbench/vision';

export interface PhotoSample {
  photo: LoadedImage;
  preset: PreprocessPreset;
}

/** Loads every photo first, so bad input fails fast with the file's name. */
export async function loadPhotos(paths: readonly string[]): Promise<LoadedImage[]> {
  const out: LoadedImage[] = [];
  for (const p of paths) out.push(await loadImage(p, DEFAULT_IMAGE_LIMITS));
  return out;
}

/** `--images` arguments (and what follows them), or the sample photos. */
export async function loadPhotoSamples(images: readonly string[] | undefined, preset: PreprocessPreset): Promise<PhotoSample[]> {
  const photos = await loadPhotos(listImageInputs(images ?? [SAMPLE_PHOTOS_DIR]));
  return photos.map((photo) => ({ photo, preset }));
}

/** A scenario's performance sample set: mlperf.conf's count for ResNet50. */
export const RESNET50_PERFORMANCE_SAMPLES = { count: 1024, source: 'mlperf.conf resnet50.*.performance_sample_count_override = 1024' } as const;
