/**
 * Mask R-CNN's `accuracy`: a COCO-style set (`--dataset DIR` with annotations/instances_*.json and the images, or
 * `--annotations FILE --images DIR`) scored with the 12 COCOeval statistics for bbox and for segm. Each image is
 * decoded only when it runs, through the same pure pre/post-processing as `validate` (instances in the photo's pixels,
 * COCO 91-id labels — the Zoo's 1..80 are mapped — and full-image masks: probability > --mask-threshold, 0.5 as
 * torchvision's reference evaluation cuts them), and recorded as COCO results with compressed RLE masks: every
 * instance scoring above --score-threshold, the best --max-detections of them (torchvision maskrcnn_resnet50_fpn's own
 * box_score_thresh 0.05 and box_detections_per_img 100 by default, so a torchvision export is scored as-is).
 */
import { resolve } from 'node:path';
import { BenchError, type FlagSpecs } from '@modelbench/core';
import { categoryIdsOf, categoryMapFor, COCO91_LABEL_MAP, checkLabelMapForLayout, isCategoryMapFile, cocoImageRecord, cocoImageSet, loadCocoDataset, type CocoLabelMap, type CocoScoredImage } from '@modelbench/accuracy';
import { unitInterval, type AccuracyDefinition, type AccuracyItem } from '@modelbench/harness';
import { annotatedPhotoDataset } from '@modelbench/vision';
import type { InstanceBinding } from './adapters.ts';
import { maskRcnnMlperfAccuracy } from './mlperf-accuracy.ts';
import type { Instance } from './lib/instance.ts';
import type { PhotoSample } from './samples.ts';

export const maskRcnnAccuracyFlags = {
  annotations: { kind: 'string', value: 'FILE', description: 'the COCO instances JSON (instead of finding annotations/instances_*.json in --dataset)' },
  images: { kind: 'string', value: 'DIR', description: 'the folder of the images the annotations name (default: DIR/val2017 for instances_val2017.json, or DIR/images)' },
  'category-map': { kind: 'string', value: 'coco91|coco80|FILE', description: "the model's labels → the annotations' category ids: coco91 (torchvision's 91 ids, N/A ids match nothing; default), coco80 (contiguous 1..80), or a JSON map (README)" },
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
  async loadDataset({ flags: f, positionals }) {
    const [extra] = positionals;
    if (extra !== undefined) throw new BenchError('USAGE', `maskrcnn accuracy: unexpected argument '${extra}'`, { hint: 'pass the data set as --dataset DIR' });
    for (const name of ['score-threshold', 'mask-threshold'] as const) unitInterval(name, f[name]);
    const ds = loadCocoDataset({ dataset: f.dataset, annotations: f.annotations, images: f.images, modelCategories: !isCategoryMapFile(f['category-map']) });
    const bare = ds.gt.annotations.find((a) => a.segmentation === undefined);
    if (bare) throw new BenchError('BAD_INPUT', `${ds.annotationsPath}: annotation ${bare.id} has no segmentation, so the set cannot be scored for segm`, { hint: 'use instances annotations with masks (polygons or RLE)' });
    const base = annotatedPhotoDataset(cocoImageSet(ds)); // checks every image file now
    const categoryIds = categoryIdsOf(ds.gt);
    const labelMap = categoryMapFor(f['category-map'], ds.gt.categories);
    const options = { categoryIds, labelMap, scoreThreshold: f['score-threshold'], maxDetections: f['max-detections'] };
    return {
      ...base,
      labelMap,
      load: async (i) => {
        const { photo, image } = await base.load(i);
        return { sample: { photo, maskThreshold: f['mask-threshold'] }, meta: { image, ...options } };
      },
      describe: () => [
        ...base.describe(),
        `labels: ${labelMap.name}${labelMap.name === 'coco91' ? " (torchvision's 91 ids; N/A ids match no category)" : ''}`,
        `scored: instances with score > ${f['score-threshold']}, the best ${f['max-detections']} an image, masks at probability > ${f['mask-threshold']}; COCOeval bbox and segm`,
      ],
    };
  },
  checkModel(dataset, bound) {
    checkLabelMapForLayout((dataset as { labelMap?: CocoLabelMap }).labelMap ?? COCO91_LABEL_MAP, bound.layout, 'zoo-maskrcnn');
  },
  // each photo's instances are the workload's pipeline's (no `run`): the code validate runs
  toPrediction: (instances, { meta }) => cocoImageRecord(meta.image, instances, meta),
  mlperf: maskRcnnMlperfAccuracy,
  manifestFlags: (f) => ({
    images: f.images === undefined ? null : resolve(f.images),
    iouTypes: 'bbox,segm',
    'score-threshold': f['score-threshold'],
    'max-detections': f['max-detections'],
    ...(f['category-map'] === undefined ? {} : { 'category-map': isCategoryMapFile(f['category-map']) ? resolve(f['category-map']) : f['category-map'] }),
    'mask-threshold': f['mask-threshold'],
  }),
};
