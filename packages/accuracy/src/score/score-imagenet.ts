/** Rescoring one ImageNet accuracy run from its manifest: ground truth reloaded and hash-checked, subset re-cut. */
import { BenchError } from '@modelbench/core';
import { loadImagenetDataset, type ImagenetDataset, type ImagenetSample } from '../imagenet/dataset.ts';
import { scoreImagenet } from '../imagenet/metrics.ts';
import { checkImagenetPrediction, type ImagenetPrediction } from '../imagenet/predictions.ts';
import { readJsonlFile } from './jsonl.ts';
import { manifestFile, type AccuracyManifest } from './manifest.ts';
import { applySubset, selectSubset } from './subset.ts';

export interface GroundTruthOverride {
  /** --data: the data set folder or file to score against instead of the manifest's */
  data?: string;
  /** --synsets for a folder-per-synset ImageNet layout */
  synsets?: string;
}

export function groundTruthMismatch(manifestPath: string, m: AccuracyManifest, given: string, sha256: string): BenchError {
  return new BenchError(
    'BAD_INPUT',
    `the predictions of ${manifestPath} were made on ground truth ${m.dataset.sha256.slice(0, 12)}… (${m.dataset.path}), but ${given} has ${sha256.slice(0, 12)}…`,
    { hint: 'score them against the data set the manifest names, or rerun inference on this data set' },
  );
}

export function loadImagenetGroundTruth(m: AccuracyManifest, manifestPath: string, o: GroundTruthOverride): ImagenetDataset {
  const dir = o.data ?? m.dataset.path;
  const folderLayout = m.dataset.layout === 'synset-folders';
  const ds = loadImagenetDataset(dir, {
    ...(o.data === undefined && !folderLayout ? { labelsFile: m.dataset.annotations } : {}),
    ...(o.synsets ? { synsetFile: o.synsets } : folderLayout ? { synsetFile: m.dataset.annotations } : {}),
  });
  if (ds.groundTruthSha256 !== m.dataset.sha256) throw groundTruthMismatch(manifestPath, m, dir, ds.groundTruthSha256);
  return ds;
}

/** The manifest's `dataset` block for an ImageNet set (what an accuracy run records). */
export function imagenetDatasetIdentity(ds: ImagenetDataset, path: string): AccuracyManifest['dataset'] {
  return { path, annotations: ds.labelsPath, sha256: ds.groundTruthSha256, total: ds.samples.length, layout: ds.layout };
}

export interface ImagenetRun {
  samples: ImagenetSample[];
  predictions: Map<string, ImagenetPrediction>;
  metrics: { top1: number; top5: number };
  count: number;
}

export function scoreImagenetRun(m: AccuracyManifest, dir: string, ds: ImagenetDataset): ImagenetRun {
  const subset = selectSubset(ds.samples.length, m.subset);
  const samples = applySubset(ds.samples, subset);
  const file = manifestFile(dir, m.files.predictions);
  const predictions = new Map<string, ImagenetPrediction>();
  for (const p of readJsonlFile(file, checkImagenetPrediction)) {
    if (predictions.has(p.file)) throw new BenchError('BAD_INPUT', `predictions ${file}: ${p.file} is predicted twice`, { hint: 'the file is damaged: rerun into a new folder' });
    predictions.set(p.file, p);
  }
  const s = scoreImagenet(samples, predictions, file);
  return { samples, predictions, metrics: { top1: s.top1, top5: s.top5 }, count: s.count };
}
