/**
 * Mask R-CNN's `accuracy`: a COCO-style set (`--dataset DIR` with annotations/instances_*.json and the images, or
 * `--annotations FILE --images DIR`) scored with the 12 COCOeval statistics for bbox and for segm. Each image is
 * decoded only when it runs, through the same pure pre/post-processing as `validate` (instances in the photo's pixels,
 * COCO 91-id labels — the Zoo's 1..80 are mapped — and full-image masks: probability > --mask-threshold, 0.5 as
 * torchvision's reference evaluation cuts them), and recorded as COCO results with compressed RLE masks: every
 * instance scoring above --score-threshold, the best --max-detections of them (torchvision maskrcnn_resnet50_fpn's own
 * box_score_thresh 0.05 and box_detections_per_img 100 by default, so a torchvision export is scored as-is).
 */
import type { FlagSpecs } from '@modelbench/core';
import { cocoImageRecord, type CocoScoredImage } from '@modelbench/accuracy';
import { checkCocoLabels, cocoManifestFlags, COCO_SET_FLAGS, loadCocoAccuracySet, unitInterval, type AccuracyDefinition, type AccuracyItem } from '@modelbench/harness';
import { annotatedPhotoDataset } from '@modelbench/vision';
import type { InstanceBinding } from './adapters.ts';
import { maskRcnnMlperfAccuracy } from './mlperf-accuracy.ts';
import type { Instance } from './lib/instance.ts';
import type { PhotoSample } from './samples.ts';

export const maskRcnnAccuracyFlags = {
  ...COCO_SET_FLAGS,
  'score-threshold': { kind: 'number', default: 0.05, description: 'instances scoring above this are scored (torchvision box_score_thresh)' },
  'max-detections': { kind: 'positiveInt', default: 100, description: 'the best this many instances an image are scored (torchvision box_detections_per_img)' },
  'mask-threshold': { kind: 'number', default: 0.5, description: 'a pixel belongs to an instance when its mask probability is above this' },
  detections: { kind: 'positiveInt', description: 'synthetic model: detections per image, exactly (default 20)' },
} as const satisfies FlagSpecs;

/** One item of a COCO set: the workload's photo sample (as `validate`'s: the photo and --mask-threshold) and its annotated image with the scoring options. */
export type MaskRcnnAccuracyItem = AccuracyItem<PhotoSample, CocoScoredImage>;

export const maskRcnnAccuracy: AccuracyDefinition<InstanceBinding, PhotoSample, Instance[], CocoScoredImage, typeof maskRcnnAccuracyFlags> = {
  flags: maskRcnnAccuracyFlags,
  task: 'coco',
  loadDataset: async ({ options: f, dataset, positionals }) =>
    loadCocoAccuracySet({ ...f, dataset }, positionals, {
      workload: 'maskrcnn',
      openPhotos: (set) => annotatedPhotoDataset(set),
      sampleOf: (photo) => ({ photo, maskThreshold: f['mask-threshold'] }),
      segm: true,
      check: () => unitInterval('mask-threshold', f['mask-threshold']),
      scoredLine: `scored: instances with score > ${f['score-threshold']}, the best ${f['max-detections']} an image, masks at probability > ${f['mask-threshold']}; COCOeval bbox and segm`,
    }),
  checkModel: (dataset, bound) => checkCocoLabels(dataset, bound.layout, 'zoo-maskrcnn'),
  // each photo's instances are the workload's pipeline's (no `run`): the code validate runs
  toPrediction: (instances, { meta }) => cocoImageRecord(meta.image, instances, meta),
  mlperf: maskRcnnMlperfAccuracy,
  manifestFlags: ({ options: f }) => ({ ...cocoManifestFlags(f, 'bbox,segm'), 'mask-threshold': f['mask-threshold'] }),
};
