/**
 * Makes sure the models package can build the synthetic Mask R-CNN for the `maskrcnn` workload: registered here at
 * run time when the registry does not list it yet (same builder, same version, so the same cache entry).
 */
import { BenchError } from '@modelbench/core';
import * as models from '@modelbench/models';

export function ensureMaskRcnnSyntheticBuilder(): void {
  if (models.findSyntheticBuilder('maskrcnn')) return;
  models.registerSyntheticBuilder(
    models.defineSyntheticBuilder({ workload: 'maskrcnn', version: models.MASKRCNN_BUILDER_VERSION, build: models.buildMaskRcnn }),
  );
}

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
