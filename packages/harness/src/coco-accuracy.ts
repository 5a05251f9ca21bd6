/**
 * The COCO part of a detector's `accuracy` (SSD, Mask R-CNN): the flags every COCO set takes (annotations, images,
 * category map), the set loaded and checked before any model work (the annotations, every image file: the workload
 * says how its photos are opened, e.g. vision's annotatedPhotoDataset with its size limits), each item the
 * workload's own sample with its image's scoring options (CocoScoredImage: what cocoImageRecord needs), the label
 * map checked against the adapter's layout, and the manifest's flags. The workload keeps its thresholds
 * (torchvision's per-model defaults), its sample and its pipeline.
 */
import { resolve } from 'node:path';
import { BenchError, type FlagSpecs } from '@modelbench/core';
import {
  categoryIdsOf,
  categoryMapFor,
  checkLabelMapForLayout,
  COCO91_LABEL_MAP,
  cocoImageSet,
  isCategoryMapFile,
  loadCocoDataset,
  type AccuracyManifest,
  type CocoImage,
  type CocoLabelMap,
  type CocoScoredImage,
} from '@modelbench/accuracy';
import type { AccuracyDataset } from './accuracy-definition.ts';
import { unitInterval } from './flag-checks.ts';

/** The flags of a COCO set beside the shared --dataset; the workload adds its thresholds. */
export const COCO_SET_FLAGS = {
  annotations: { kind: 'string', value: 'FILE', description: 'the COCO instances JSON (instead of finding annotations/instances_*.json in --dataset)' },
  images: { kind: 'string', value: 'DIR', description: 'the folder of the images the annotations name (default: DIR/val2017 for instances_val2017.json, or DIR/images)' },
  'category-map': { kind: 'string', value: 'coco91|coco80|FILE', description: "the model's labels → the annotations' category ids: coco91 (torchvision's 91 ids, N/A ids match nothing; default), coco80 (contiguous 1..80), or a JSON map (README)" },
} as const satisfies FlagSpecs;

/** The parsed flags a COCO set reads (COCO_SET_FLAGS, --dataset, and the workload's two thresholds). */
export interface CocoSetFlags {
  dataset?: string | undefined;
  annotations?: string | undefined;
  images?: string | undefined;
  'category-map'?: string | undefined;
  'score-threshold': number;
  'max-detections': number;
}

/** A COCO set's photos as the workload opens them: its files checked, each decoded by index. */
export interface CocoPhotos<Photo> {
  identity: AccuracyManifest['dataset'];
  count: number;
  keyAt(index: number): string;
  load(index: number): Promise<{ image: CocoImage; photo: Photo }>;
  describe(): string[];
}

export interface CocoSetOptions<Photo, S> {
  /** 'ssd', 'maskrcnn': named in messages */
  workload: string;
  /** opens the photos of the set (checking every file now) */
  openPhotos(set: ReturnType<typeof cocoImageSet>): CocoPhotos<Photo>;
  /** the workload's sample of one photo (what its pipeline and `validate` take) */
  sampleOf(photo: Photo): S;
  /** the set is scored for segm too: every annotation must have a segmentation */
  segm: boolean;
  /** the flags of the workload's own checked now, before anything is read (e.g. a threshold in [0, 1]) */
  check?(): void;
  /** the line saying what is scored, e.g. 'scored: detections with score > 0.01, the best 200 an image; COCOeval bbox' */
  scoredLine: string;
}

/** A COCO set: its items, and the label map the model's labels go through (checked against the adapter by checkCocoLabels). */
export type CocoAccuracySet<S> = AccuracyDataset<S, CocoScoredImage> & { labelMap: CocoLabelMap };

export function loadCocoAccuracySet<Photo, S>(f: CocoSetFlags, positionals: readonly string[], o: CocoSetOptions<Photo, S>): CocoAccuracySet<S> {
  const [extra] = positionals;
  if (extra !== undefined) throw new BenchError('USAGE', `${o.workload} accuracy: unexpected argument '${extra}'`, { hint: 'pass the data set as --dataset DIR' });
  unitInterval('score-threshold', f['score-threshold']);
  o.check?.();
  const ds = loadCocoDataset({ dataset: f.dataset, annotations: f.annotations, images: f.images, modelCategories: !isCategoryMapFile(f['category-map']) });
  if (o.segm) {
    const bare = ds.gt.annotations.find((a) => a.segmentation === undefined);
    if (bare) throw new BenchError('BAD_INPUT', `${ds.annotationsPath}: annotation ${bare.id} has no segmentation, so the set cannot be scored for segm`, { hint: 'use instances annotations with masks (polygons or RLE)' });
  }
  const photos = o.openPhotos(cocoImageSet(ds)); // checks every image file now
  const categoryIds = categoryIdsOf(ds.gt);
  const labelMap = categoryMapFor(f['category-map'], ds.gt.categories);
  const scoring = { categoryIds, labelMap, scoreThreshold: f['score-threshold'], maxDetections: f['max-detections'] };
  return {
    identity: photos.identity,
    count: photos.count,
    keyAt: (i) => photos.keyAt(i),
    labelMap,
    async load(i) {
      const { photo, image } = await photos.load(i);
      return { sample: o.sampleOf(photo), meta: { image, ...scoring } };
    },
    describe: () => [...photos.describe(), `labels: ${labelMap.name}${labelMap.name === 'coco91' ? " (torchvision's 91 ids; N/A ids match no category)" : ''}`, o.scoredLine],
  };
}

/** A Model Zoo export maps its own 80 labels: a --category-map with it is refused (checkModel, before anything runs). */
export function checkCocoLabels(dataset: AccuracyDataset<unknown, unknown>, layout: string, adapter: string): void {
  checkLabelMapForLayout((dataset as Partial<CocoAccuracySet<unknown>>).labelMap ?? COCO91_LABEL_MAP, layout, adapter);
}

/** The manifest's flags of a COCO set: what changes its predictions (paths resolved, so a resumed run in another folder matches). */
export function cocoManifestFlags(f: CocoSetFlags, iouTypes: string): Record<string, string | number | null> {
  const map = f['category-map'];
  return {
    images: f.images === undefined ? null : resolve(f.images),
    iouTypes,
    'score-threshold': f['score-threshold'],
    'max-detections': f['max-detections'],
    ...(map === undefined ? {} : { 'category-map': isCategoryMapFile(map) ? resolve(map) : map }),
  };
}
