import { BenchError } from '@modelbench/core';
import * as models from '@modelbench/models';

/** Builder options from --detections: none at the default, so the default model has one cache entry. */
export function maskRcnnSyntheticOptions(detections: number | undefined): Record<string, number> {
  if (detections === undefined || detections === models.DEFAULT_DETECTIONS) return {};
  try {
    models.checkDetections(detections);
  } catch (e) {
    throw new BenchError('USAGE', `--detections: ${(e as Error).message}`, { hint: 'a whole number from 1 to 100 (torchvision caps detections at 100)' });
  }
  return { detections };
}
