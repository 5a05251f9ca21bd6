/**
 * A COCO-style evaluation set on disk: an `instances_*.json` and the folder of the images it names, found either as
 * COCO distributes them (`DIR/annotations/instances_val2017.json` + `DIR/val2017/`, or `DIR/images/`) or given as
 * an annotations file and an images folder. Loading checks, before any model work: the annotations (malformed, the
 * wrong kind of COCO file), that a COCO model can produce every category, and that every image the annotations name
 * names an images folder. Samples are in the annotations' image order (pycocotools' getImgIds order). No image is
 * read here: this package scores. The workload reads the pixels — vision's annotatedPhotoDataset over cocoImageSet(ds)
 * checks every file (there, an image, of the annotated size) before any model work and decodes each when it runs.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BenchError } from '@modelbench/core';
import { sha256OfFile, type AccuracyManifest } from '../score/manifest.ts';
import { loadCocoGroundTruth, type CocoGroundTruth, type CocoImage } from './annotations.ts';
import { checkModelCategories } from './categories.ts';
import type { ImageRecordOptions } from './image-record.ts';
import type { CocoLabelMap } from './label-map.ts';

export interface CocoDataset {
  annotationsPath: string;
  imagesDir: string;
  gt: CocoGroundTruth;
  /** in the annotations' order */
  images: CocoImage[];
}

export interface CocoDatasetOptions {
  /** a folder holding annotations/instances_*.json and the images, or the instances JSON itself */
  dataset?: string;
  /** the instances JSON (instead of, or to pick one in, --dataset) */
  annotations?: string;
  /** the images folder (default: beside the annotations as COCO lays it out) */
  images?: string;
  /**
   * check that a COCO model can produce every category (COCO ids with COCO names; default true). Off when a
   * --category-map file says how the model's labels map to the file's own categories.
   */
  modelCategories?: boolean;
}

const LAYOUT_HINT = 'pass --dataset DIR (DIR/annotations/instances_val2017.json and DIR/val2017/), or --annotations FILE --images DIR';

function bad(message: string, hint: string = LAYOUT_HINT): BenchError {
  return new BenchError('BAD_INPUT', message, { hint });
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The instances file of a data set folder: exactly one annotations/instances_*.json (or one at the top). */
function findAnnotations(dir: string): string {
  for (const where of [join(dir, 'annotations'), dir]) {
    if (!isDir(where)) continue;
    const found = readdirSync(where).filter((n) => /^instances_.*\.json$/.test(n)).sort();
    if (found.length === 1) return join(where, found[0]!);
    if (found.length > 1) throw bad(`COCO data set ${dir}: ${where} holds ${found.length} instances files (${found.join(', ')})`, 'choose one with --annotations FILE');
  }
  throw bad(`COCO data set ${dir}: no annotations/instances_*.json`);
}

/** COCO's layout: instances_val2017.json's images in ../val2017 (or in images/ beside annotations/). */
function findImages(annotationsPath: string, datasetDir: string | undefined): string {
  const split = /^instances_(.+)\.json$/.exec(basename(annotationsPath))?.[1];
  const annDir = dirname(annotationsPath);
  const roots = [...(datasetDir ? [datasetDir] : []), basename(annDir) === 'annotations' ? dirname(annDir) : annDir];
  const tried: string[] = [];
  for (const root of roots) {
    for (const name of [...(split ? [split] : []), 'images']) {
      const p = join(root, name);
      if (isDir(p)) return p;
      tried.push(p);
    }
  }
  throw bad(`COCO data set: no images folder for ${annotationsPath} (looked for ${[...new Set(tried)].join(', ')})`, 'pass the folder of the images with --images DIR');
}

export function loadCocoDataset(o: CocoDatasetOptions): CocoDataset {
  let annotationsPath = o.annotations;
  let datasetDir: string | undefined;
  if (o.dataset !== undefined) {
    if (!existsSync(o.dataset)) throw bad(`COCO data set ${o.dataset}: no such file or folder`);
    if (isDir(o.dataset)) {
      datasetDir = o.dataset;
      annotationsPath ??= findAnnotations(o.dataset);
    } else if (annotationsPath === undefined) annotationsPath = o.dataset;
    else throw bad(`--dataset ${o.dataset} is a file and --annotations is given too`, 'pass the instances JSON once (--annotations FILE --images DIR)');
  }
  if (annotationsPath === undefined) {
    throw new BenchError('USAGE', 'no --dataset: a COCO set (annotations/instances_*.json beside its images); none ships with the project (its tests write tiny ones)', {
      hint: `${LAYOUT_HINT}, e.g. COCO val2017 from cocodataset.org`,
    });
  }
  if (o.images !== undefined && !isDir(o.images)) throw bad(`--images ${o.images}: no such folder`, 'pass the folder of the images the annotations name');
  const gt = loadCocoGroundTruth(annotationsPath);
  if (gt.images.length === 0) throw bad(`${annotationsPath}: the annotations list no images`, 'use an instances file with images');
  if (o.modelCategories !== false) checkModelCategories(gt.categories, annotationsPath);
  const imagesDir = o.images ?? findImages(annotationsPath, datasetDir);
  return { annotationsPath: resolve(annotationsPath), imagesDir: resolve(imagesDir), gt, images: gt.images };
}

/** The manifest's `dataset` block for a COCO set: the annotations file is the ground truth (scored against). */
export function cocoDatasetIdentity(ds: CocoDataset): AccuracyManifest['dataset'] {
  return { path: ds.annotationsPath, annotations: ds.annotationsPath, sha256: sha256OfFile(ds.annotationsPath), total: ds.images.length, layout: null };
}

/** What an accuracy item of a COCO set knows of its photo: the annotated image, and how its detections are recorded (cocoImageRecord). */
export interface CocoScoredImage extends ImageRecordOptions {
  image: CocoImage;
  labelMap: CocoLabelMap;
}

/** What the workload needs to read the set's images (vision's annotatedPhotoDataset): identity, images, folder. */
export function cocoImageSet(ds: CocoDataset) {
  return {
    identity: cocoDatasetIdentity(ds),
    images: ds.images,
    imagesDir: ds.imagesDir,
    source: ds.gt.source,
    describe: [`data set: ${ds.annotationsPath} — ${ds.images.length} images in ${ds.imagesDir}, ${ds.gt.annotations.length} annotations, ${ds.gt.categories.length} categories`],
  };
}
