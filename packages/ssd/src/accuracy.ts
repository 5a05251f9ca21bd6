/**
 * SSD's `accuracy`: a COCO-style set (`--dataset DIR` with annotations/instances_*.json and the images, or
 * `--annotations FILE --images DIR`) scored with the 12 COCOeval bbox statistics. Each image is decoded only when it
 * runs, through the same pure pre/post-processing as `validate` (detections in the photo's pixels, COCO 91-id labels:
 * the Zoo's 1..80 are mapped), and recorded as COCO results: every detection scoring above --score-threshold, the best
 * --max-detections of them (torchvision ssd300_vgg16's own score_thresh 0.01 and detections_per_img 200 by default,
 * so a torchvision export is scored as torchvision's reference evaluation scores it).
 */
import type { FlagSpecs } from '@modelbench/core';
import { cocoImageRecord, type CocoScoredImage } from '@modelbench/accuracy';
import { checkCocoLabels, cocoManifestFlags, COCO_SET_FLAGS, loadCocoAccuracySet, type AccuracyDefinition, type AccuracyItem } from '@modelbench/harness';
import { annotatedPhotoDataset, type Detection, type LoadedImage } from '@modelbench/vision';
import type { DetectorBinding } from './adapters.ts';
import { ssdMlperfAccuracy } from './mlperf-accuracy.ts';
import { SSD_IMAGE_LIMITS } from './samples.ts';

export const ssdAccuracyFlags = {
  ...COCO_SET_FLAGS,
  'score-threshold': { kind: 'number', default: 0.01, description: 'detections scoring above this are scored (torchvision ssd300_vgg16 score_thresh)' },
  'max-detections': { kind: 'positiveInt', default: 200, description: 'the best this many detections an image are scored (ssd300_vgg16 detections_per_img)' },
  candidates: { kind: 'int', default: 1000, description: 'synthetic model: boxes that pass the 0.01 score threshold (calibrated weights)' },
} as const satisfies FlagSpecs;

/** One item of a COCO set: the workload's photo (as `validate`'s) and its annotated image with the scoring options. */
export type SsdAccuracyItem = AccuracyItem<LoadedImage, CocoScoredImage>;

export const ssdAccuracy: AccuracyDefinition<DetectorBinding, LoadedImage, Detection[], CocoScoredImage, typeof ssdAccuracyFlags> = {
  flags: ssdAccuracyFlags,
  task: 'coco',
  loadDataset: async ({ options: f, dataset, positionals }) =>
    loadCocoAccuracySet({ ...f, dataset }, positionals, {
      workload: 'ssd',
      openPhotos: (set) => annotatedPhotoDataset(set, SSD_IMAGE_LIMITS),
      sampleOf: (photo) => photo,
      segm: false,
      scoredLine: `scored: detections with score > ${f['score-threshold']}, the best ${f['max-detections']} an image; COCOeval bbox`,
    }),
  checkModel: (dataset, bound) => checkCocoLabels(dataset, bound.layout, 'zoo-ssd'),
  // each photo's detections are the workload's pipeline's (no `run`): the code validate runs
  toPrediction: (detections, { meta }) => cocoImageRecord(meta.image, detections, meta),
  mlperf: ssdMlperfAccuracy,
  manifestFlags: ({ options: f }) => cocoManifestFlags(f, 'bbox'),
};
