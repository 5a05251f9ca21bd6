/**
 * SSD's `accuracy`: a COCO-style set (`--dataset DIR` with annotations/instances_*.json and the images, or
 * `--annotations FILE --images DIR`) scored with the 12 COCOeval bbox statistics. Each image is decoded only when it
 * runs, through the same pure pre/post-processing as `validate` (detections in the photo's pixels, COCO 91-id labels:
 * the Zoo's 1..80 are mapped), and recorded as COCO results: every detection scoring above --score-threshold, the best
 * --max-detections of them (torchvision ssd300_vgg16's own score_thresh 0.01 and detections_per_img 200 by default,
 * so a torchvision export is scored as torchvision's reference evaluation scores it).
 */
import { resolve } from 'node:path';
import { BenchError, type FlagSpecs } from '@modelbench/core';
import { categoryIdsOf, categoryMapFor, COCO91_LABEL_MAP, checkLabelMapForLayout, isCategoryMapFile, cocoImageRecord, cocoImageSet, loadCocoDataset, type CocoLabelMap, type CocoScoredImage } from '@modelbench/accuracy';
import { unitInterval, type AccuracyDefinition, type AccuracyItem } from '@modelbench/harness';
import { annotatedPhotoDataset, type Detection, type LoadedImage } from '@modelbench/vision';
import type { DetectorBinding } from './adapters.ts';
import { ssdMlperfAccuracy } from './mlperf-accuracy.ts';
import { SSD_IMAGE_LIMITS } from './samples.ts';

export const ssdAccuracyFlags = {
  annotations: { kind: 'string', value: 'FILE', description: 'the COCO instances JSON (instead of finding annotations/instances_*.json in --dataset)' },
  images: { kind: 'string', value: 'DIR', description: 'the folder of the images the annotations name (default: DIR/val2017 for instances_val2017.json, or DIR/images)' },
  'category-map': { kind: 'string', value: 'coco91|coco80|FILE', description: "the model's labels → the annotations' category ids: coco91 (torchvision's 91 ids, N/A ids match nothing; default), coco80 (contiguous 1..80), or a JSON map (README)" },
  'score-threshold': { kind: 'number', default: 0.01, description: 'detections scoring above this are scored (torchvision ssd300_vgg16 score_thresh)' },
  'max-detections': { kind: 'positiveInt', default: 200, description: 'the best this many detections an image are scored (ssd300_vgg16 detections_per_img)' },
  candidates: { kind: 'int', default: 1000, description: 'synthetic model: boxes that pass the 0.01 score threshold (calibrated weights)' },
} as const satisfies FlagSpecs;

/** One item of a COCO set: the workload's photo (as `validate`'s) and its annotated image with the scoring options. */
export type SsdAccuracyItem = AccuracyItem<LoadedImage, CocoScoredImage>;

export const ssdAccuracy: AccuracyDefinition<DetectorBinding, LoadedImage, Detection[], CocoScoredImage, typeof ssdAccuracyFlags> = {
  flags: ssdAccuracyFlags,
  task: 'coco',
  async loadDataset({ flags: f, positionals }) {
    const [extra] = positionals;
    if (extra !== undefined) throw new BenchError('USAGE', `ssd accuracy: unexpected argument '${extra}'`, { hint: 'pass the data set as --dataset DIR' });
    unitInterval('score-threshold', f['score-threshold']);
    const ds = loadCocoDataset({ dataset: f.dataset, annotations: f.annotations, images: f.images, modelCategories: !isCategoryMapFile(f['category-map']) });
    const base = annotatedPhotoDataset(cocoImageSet(ds), SSD_IMAGE_LIMITS); // checks every image file now
    const categoryIds = categoryIdsOf(ds.gt);
    const labelMap = categoryMapFor(f['category-map'], ds.gt.categories);
    return {
      ...base,
      labelMap,
      load: async (i) => {
        const { photo, image } = await base.load(i);
        return { sample: photo, meta: { image, categoryIds, labelMap, scoreThreshold: f['score-threshold'], maxDetections: f['max-detections'] } };
      },
      describe: () => [
        ...base.describe(),
        `labels: ${labelMap.name}${labelMap.name === 'coco91' ? " (torchvision's 91 ids; N/A ids match no category)" : ''}`,
        `scored: detections with score > ${f['score-threshold']}, the best ${f['max-detections']} an image; COCOeval bbox`,
      ],
    };
  },
  checkModel(dataset, bound) {
    checkLabelMapForLayout((dataset as { labelMap?: CocoLabelMap }).labelMap ?? COCO91_LABEL_MAP, bound.layout, 'zoo-ssd');
  },
  // each photo's detections are the workload's pipeline's (no `run`): the code validate runs
  toPrediction: (detections, { meta }) => cocoImageRecord(meta.image, detections, meta),
  mlperf: ssdMlperfAccuracy,
  manifestFlags: (f) => ({
    images: f.images === undefined ? null : resolve(f.images),
    iouTypes: 'bbox',
    'score-threshold': f['score-threshold'],
    'max-detections': f['max-detections'],
    ...(f['category-map'] === undefined ? {} : { 'category-map': isCategoryMapFile(f['category-map']) ? resolve(f['category-map']) : f['category-map'] }),
  }),
};
